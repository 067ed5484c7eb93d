namespace Pipeline.Config;

/// <summary>
/// A configuration record with rules that attributes cannot say (ranges that depend on each other,
/// a list that must not be empty). The binder calls it after binding and reports each problem at the
/// position of the named key.
/// </summary>
public interface IValidatableConfig
{
    /// <summary>Problems as (key, message); key is a snake_case property of this record, or empty for the record itself.</summary>
    IEnumerable<(string Key, string Message)> Validate();
}
