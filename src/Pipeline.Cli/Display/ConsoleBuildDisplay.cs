using Pipeline.Engine;
using Spectre.Console;

namespace Pipeline.Cli.Display;

/// <summary>
/// The build's display on the entry's console: on an interactive terminal a live progress region and a
/// Spectre.Console summary table; otherwise (CI logs, pipes, plans) plain lines and a plain-text table.
/// </summary>
public sealed class ConsoleBuildDisplay : IBuildDisplay
{
    private readonly TextWriter _output;
    private readonly bool _terminal;

    /// <summary>Shows builds on <paramref name="output"/>; live only when it is the console's own, unredirected output.</summary>
    public ConsoleBuildDisplay(TextWriter output)
    {
        _output = output ?? throw new ArgumentNullException(nameof(output));
        _terminal = !Console.IsOutputRedirected && ReferenceEquals(output, Console.Out);
    }

    /// <inheritdoc />
    public IEngineEvents OpenEvents(bool plan) =>
        _terminal && !plan ? new LiveConsoleEngineEvents(AnsiConsole.Console) : new TextWriterEngineEvents(_output);

    /// <inheritdoc />
    public void WriteSummary(BuildResult result)
    {
        if (_terminal)
        {
            SummaryRenderer.Render(AnsiConsole.Console, result);
        }
        else
        {
            _output.Write(SummaryRenderer.RenderPlain(result));
        }
    }
}
