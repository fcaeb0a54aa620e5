namespace Voronka.Core.Features.Demo;

public sealed class DemoSeeder
{
    public Task SeedAsync(string? password) => Task.CompletedTask;
}
