using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;

namespace Voronka.Web.Infrastructure;

/// <summary>Turns every failure into ProblemDetails: field errors for bad input, 404 for what the caller may not see, 409 for conflicts.</summary>
internal sealed partial class ProblemDetailsExceptionHandler(IProblemDetailsService problems, ILogger<ProblemDetailsExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var problem = Map(exception, http);
        if (problem is null)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", http.Request.Method, http.Request.Path);
            problem = new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Title = "An unexpected error occurred." };
        }
        http.Response.StatusCode = problem.Status ?? 500;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    internal static ProblemDetails? Map(Exception exception, HttpContext http)
    {
        if (DatabaseTrouble.Of(exception) is { } trouble) return Unavailable(trouble, http);
        if (Unstorable(exception)) return new HttpValidationProblemDetails(new Dictionary<string, string[]>
        {
            ["body"] = ["has a character the database cannot keep (NUL)."],
        }) { Status = 400, Title = "One or more fields are invalid.", Detail = "A text has a character the database cannot keep (NUL)." };
        switch (exception)
        {
            case ValidationFailedException e:
                var v = new HttpValidationProblemDetails(e.Errors.ToDictionary(x => x.Key, x => x.Value))
                {
                    Status = 400,
                    Title = "One or more fields are invalid.",
                    Detail = e.Message,
                };
                foreach (var (key, value) in e.Extensions) v.Extensions[key] = value;
                return v;
            case NotFoundException e:
                return new ProblemDetails { Status = 404, Title = "Not found.", Detail = e.Message };
            case ForbiddenException e:
                return new ProblemDetails { Status = 403, Title = "Forbidden.", Detail = e.Message };
            case ConflictException e:
                var c = new ProblemDetails { Status = 409, Title = "Conflict.", Detail = e.Message };
                foreach (var (key, value) in e.Extensions) c.Extensions[key] = value;
                return c;
            case DbUpdateConcurrencyException:
                return new ProblemDetails { Status = 409, Title = "Conflict.", Detail = "The record was changed by someone else. Reload it and try again." };
            case UpstreamFailedException e:
                return new ProblemDetails { Status = 502, Title = "Bad gateway.", Detail = e.Message };
            case AuthenticationFailedException e:
                return new ProblemDetails { Status = 401, Title = "Unauthorized.", Detail = e.Message };
            case TooManyAttemptsException e:
                var seconds = Math.Max(1, (int)Math.Ceiling(e.RetryAfter.TotalSeconds));
                http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return new ProblemDetails { Status = 429, Title = "Too many attempts.", Detail = $"{e.Message} Retry in {seconds} s." };
            case BadHttpRequestException e when TooLarge(e, http) is { } tooLarge:
                return tooLarge;
            case BadHttpRequestException e:
                return BadRequest(e);
            default:
                return null;
        }
    }

    /// <summary>PostgreSQL refused a character of a text (a NUL from a form field): the input's fault, nothing saved.</summary>
    private static bool Unstorable(Exception exception) =>
        DatabaseTrouble.Chain(exception).Any(e => e is Npgsql.PostgresException { SqlState: "22021" or "22P05" });

    /// <summary>503: the database could not take the request; nothing of it was saved.</summary>
    private static ProblemDetails Unavailable(DatabaseTroubleKind trouble, HttpContext http)
    {
        var seconds = DatabaseTrouble.RetrySeconds(trouble);
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (title, why) = trouble switch
        {
            DatabaseTroubleKind.Busy => ("The database is busy.",
                "Another write holds the database (an import being committed, for one); nothing was saved."),
            DatabaseTroubleKind.Away => ("The database does not answer.",
                "The database could not be reached (restarting, or the network is down); nothing was saved."),
            _ => ("The database cannot be written.",
                "The database's disk is full or read-only; nothing was saved. Tell the administrator."),
        };
        return new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable, Title = title, Detail = $"{why} Retry in {seconds} s.",
        };
    }

    /// <summary>A body over the endpoint's limit: 413, naming the form field being read and the limit.</summary>
    private static ProblemDetails? TooLarge(BadHttpRequestException e, HttpContext http)
    {
        var form = e.InnerException is InvalidDataException d && d.Message.Contains("limit", StringComparison.OrdinalIgnoreCase);
        if (!form && e.StatusCode != StatusCodes.Status413PayloadTooLarge
            && e.InnerException is not BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }) return null;
        // The handler runs with the endpoint cleared; the feature keeps the one that failed.
        var metadata = (http.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? http.GetEndpoint())?.Metadata;
        var limit = form ? metadata?.GetMetadata<IFormOptionsMetadata>()?.MultipartBodyLengthLimit
            : metadata?.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize;
        var field = ParameterPattern().Match(e.Message) is { Success: true } m ? Camel(m.Groups["name"].Value) : "body";
        var reason = limit switch
        {
            long bytes and >= 1024 * 1024 => $"is larger than {bytes / 1024 / 1024} MB, the most this endpoint takes.",
            long bytes => $"is larger than {bytes / 1024} KB, the most this endpoint takes.",
            _ => "is larger than this endpoint takes.",
        };
        return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [reason] })
        {
            Status = StatusCodes.Status413PayloadTooLarge,
            Title = "The request is too large.",
            Detail = $"{field} {reason}",
        };
    }

    private static ProblemDetails BadRequest(BadHttpRequestException e)
    {
        string field;
        string message;
        if (e.InnerException is JsonException json)
        {
            if (json.Message.Contains("could not be mapped", StringComparison.Ordinal))
                (field, message) = (JsonPathToField(json.Path), "is not a field of this request.");
            else if (json.Message.Contains("could not be converted", StringComparison.Ordinal))
                (field, message) = (JsonPathToField(json.Path), "has a value of the wrong type or format.");
            else
                (field, message) = ("body", $"is not valid JSON (line {json.LineNumber + 1}, position {json.BytePositionInLine + 1}).");
        }
        else if (BindPattern().Match(e.Message) is { Success: true } m)
        {
            field = Camel(m.Groups["name"].Value);
            message = $"'{m.Groups["value"].Value}' is not a valid value.";
        }
        else if (e.Message.Contains("body", StringComparison.OrdinalIgnoreCase))
        {
            field = "body";
            message = "a JSON body is required.";
        }
        else
        {
            field = "request";
            message = e.Message;
        }
        return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = e.StatusCode is >= 400 and < 500 ? e.StatusCode : 400,
            Title = "The request is malformed.",
            Detail = e.Message,
        };
    }

    /// <summary>"$.lines[0].quantity" → "lines[0].quantity".</summary>
    internal static string JsonPathToField(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$") return "body";
        var p = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return p.Length == 0 ? "body" : Camel(p);
    }

    private static string Camel(string s) => s.Length == 0 ? s : char.ToLowerInvariant(s[0]) + s[1..];

    [GeneratedRegex("Failed to read parameter \"(?:[^\"]*\\s)?(?<name>\\w+)\"")]
    private static partial Regex ParameterPattern();

    [GeneratedRegex("Failed to bind parameter \"(?:[^\"]*\\s)?(?<name>\\w+)\" from \"(?<value>[^\"]*)\"")]
    private static partial Regex BindPattern();
}
