namespace Voronka.Core.Common;

/// <summary>A query object that also takes the query parameters named with this prefix (as <c>custom.&lt;code&gt;</c>),
/// read by the endpoint itself rather than bound by name.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class QueryPrefixAttribute(string prefix) : Attribute
{
    public string Prefix { get; } = prefix;
}
