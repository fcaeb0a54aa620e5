using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Voronka.Bench;

/// <summary>Prints the statements the services send that take at least the given time, with their duration.</summary>
internal sealed class SlowCommands(int thresholdMs) : DbCommandInterceptor
{
    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        if (eventData.Duration.TotalMilliseconds >= thresholdMs)
            Console.WriteLine($"-- {eventData.Duration.TotalMilliseconds:F0} ms\n{command.CommandText}\n");
        return ValueTask.FromResult(result);
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        if (eventData.Duration.TotalMilliseconds >= thresholdMs)
            Console.WriteLine($"-- {eventData.Duration.TotalMilliseconds:F0} ms\n{command.CommandText}\n");
        return ValueTask.FromResult(result);
    }

    public override ValueTask<int> NonQueryExecutedAsync(
        DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Duration.TotalMilliseconds >= thresholdMs)
            Console.WriteLine($"-- {eventData.Duration.TotalMilliseconds:F0} ms\n{command.CommandText}\n");
        return ValueTask.FromResult(result);
    }
}
