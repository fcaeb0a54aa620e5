namespace Voronka.Web.Infrastructure;

/// <summary>
/// Where the app reads its <c>appsettings.json</c> and keeps its <c>data/</c> folder: the app's own folder, wherever
/// it is started from, unless <c>--contentRoot</c> or <c>ASPNETCORE_CONTENTROOT</c> / <c>DOTNET_CONTENTROOT</c> names
/// another one (<c>dotnet run</c> names the project's folder, see the project file).
/// </summary>
internal static class AppContentRoot
{
    /// <summary>The content root to give the host, or null when the command line or the environment already gives one.</summary>
    /// <param name="args">The host's command-line arguments.</param>
    /// <param name="environment">Reads an environment variable.</param>
    /// <param name="appDirectory">The app's own folder (<see cref="AppContext.BaseDirectory"/>).</param>
    public static string? Pick(string[] args, Func<string, string?> environment, string appDirectory)
    {
        var commandLine = new ConfigurationBuilder().AddCommandLine(args).Build();
        var given = commandLine[HostDefaults.ContentRootKey]
            ?? environment("ASPNETCORE_CONTENTROOT")
            ?? environment("DOTNET_CONTENTROOT");
        return string.IsNullOrWhiteSpace(given) ? appDirectory : null;
    }
}
