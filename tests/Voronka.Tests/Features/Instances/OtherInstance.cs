using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Voronka.Tests.Features.Instances;

/// <summary>
/// One more instance of the application on a database that is already there (it neither migrates nor adds anyone),
/// as a second machine behind the proxy would be.
/// </summary>
internal sealed class OtherInstance(string provider, string connectionString, TimeProvider clock,
    Action<IServiceCollection>? services = null, string? filesPath = null) : WebApplicationFactory<Program>
{
    public string FilesPath { get; } = filesPath ?? Path.Combine(Path.GetTempPath(), $"voronka-files-{Guid.NewGuid():N}");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Database:Provider", provider);
        builder.UseSetting("ConnectionStrings:Voronka", connectionString);
        builder.UseSetting("Database:MigrateOnStartup", "false");
        builder.UseSetting("Storage:Path", FilesPath);
        builder.UseSetting("Reports:DailySnapshots", "false");
        builder.UseEnvironment("Testing");
        builder.ConfigureTestServices(s =>
        {
            s.Replace(ServiceDescriptor.Singleton(clock));
            services?.Invoke(s);
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(FilesPath)) Directory.Delete(FilesPath, true);
    }
}
