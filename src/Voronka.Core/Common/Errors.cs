namespace Voronka.Core.Common;

/// <summary>Input broke a rule. Carries field → messages; the API turns it into a 400 ProblemDetails.</summary>
public sealed class ValidationFailedException(
    IReadOnlyDictionary<string, string[]> errors,
    string? detail = null,
    IReadOnlyDictionary<string, object?>? extensions = null)
    : Exception(detail ?? "One or more fields are invalid.")
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    /// <summary>Extra members for the ProblemDetails body, such as the list of missing fields.</summary>
    public IReadOnlyDictionary<string, object?> Extensions { get; } = extensions ?? new Dictionary<string, object?>();

    public static ValidationFailedException For(string field, string message) =>
        new(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>Reads a name of <typeparamref name="T"/> in any letter case (from a route or query string);
    /// anything else is a field error that lists the allowed names.</summary>
    public static T ParseEnum<T>(string? value, string field, T fallback) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value)) return fallback;
        if (Enum.TryParse<T>(value.Trim(), true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(value, out _)) return parsed;
        throw new ValidationFailedException(new Dictionary<string, string[]> { [field] = ["is not one of the allowed values."] }, null,
            new Dictionary<string, object?> { ["allowed"] = Enum.GetNames<T>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]).ToArray() });
    }
}

/// <summary>The thing does not exist or the caller may not see it: both answer 404 so nothing leaks.</summary>
public sealed class NotFoundException(string entity, object id)
    : Exception($"{entity} {id} was not found.")
{
    public string Entity { get; } = entity;
}

/// <summary>The caller sees the thing but may not do this to it (403).</summary>
public sealed class ForbiddenException(string message) : Exception(message);

/// <summary>The write conflicts with the current state: a stale version, a duplicate, a thing still in use (409).</summary>
public sealed class ConflictException(string message, IReadOnlyDictionary<string, object?>? extensions = null) : Exception(message)
{
    public IReadOnlyDictionary<string, object?> Extensions { get; } = extensions ?? new Dictionary<string, object?>();
}

/// <summary>Collects field errors and throws them together, so a client learns every problem at once.</summary>
public sealed class Validator
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public bool Has(string field) => _errors.ContainsKey(field);

    public Validator Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
        return this;
    }

    public Validator Check(bool condition, string field, string message) => condition ? this : Add(field, message);

    public Validator Required(string? value, string field, int maxLength = 200)
    {
        if (string.IsNullOrWhiteSpace(value)) return Add(field, "is required.");
        if (value.Trim().Length > maxLength) return Add(field, $"must be at most {maxLength} characters.");
        return this;
    }

    public Validator MaxLength(string? value, string field, int maxLength)
    {
        if (value is not null && value.Trim().Length > maxLength) Add(field, $"must be at most {maxLength} characters.");
        return this;
    }

    public void ThrowIfInvalid()
    {
        if (!IsValid) throw new ValidationFailedException(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
    }
}

/// <summary>A service Voronka depends on (a phone system, a mail server) refused or did not answer (502).</summary>
public sealed class UpstreamFailedException(string message) : Exception(message);

/// <summary>Wrong credentials or a bad token (401).</summary>
public sealed class AuthenticationFailedException(string message) : Exception(message);

/// <summary>Too many failed sign-ins: the caller must wait (429 with Retry-After).</summary>
public sealed class TooManyAttemptsException(TimeSpan retryAfter)
    : Exception("Too many failed attempts. Try again later.")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
