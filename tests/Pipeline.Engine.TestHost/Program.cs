using Pipeline.Engine;
using Pipeline.Engine.TestHost;

if (args.Length == 0)
{
    Console.Error.WriteLine("usage: Pipeline.Engine.TestHost <stage spec.json>");
    return 2;
}

TestStages.CountExecution(args[^1]);
return StageHost.Run(args[^1], TestStages.CreateRegistry());
