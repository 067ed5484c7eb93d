namespace Pipeline.Reporting.Html;

/// <summary>One line of a training stage's <c>metrics.jsonl</c>: <c>{epoch, phase, train_loss, train_acc, val_loss, val_acc, lr}</c>; values a stage did not measure are null.</summary>
public sealed record EpochRow(int Epoch, string Phase, double? TrainLoss, double? TrainAcc, double? ValLoss, double? ValAcc, double? Lr);
