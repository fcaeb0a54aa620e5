using System.Net;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Import;
using Voronka.Core.Features.People;
using Voronka.Tests.Infrastructure;
using static Voronka.Tests.Features.Import.ImportApiTests;

namespace Voronka.Tests.Features.Import;

/// <summary>The people of a history: those Voronka has matched, the others brought in without a password, refused rows
/// named; a rollback takes the people it brought in away again.</summary>
public class ImportUsersTests(ImportApp app) : IClassFixture<ImportApp>
{
    private static readonly byte[] History = Zip(
        ("users.csv", """
            login;full_name;email;role;team;active
            manager1;;;;;
            olga.n;Ольга Новикова;olga@example.com;manager;Команда А;false
            """),
        ("deals.csv", """
            external_id;title;stage;owner;created_at;closed_at;status;amount
            U-1;Поставка от Ольги;Успешно;Ольга Новикова;2025-02-03 10:00;2025-03-14 16:30;won;90 000
            U-2;Сервис от Ольги;Новый лид;olga.n;2025-04-01 10:00;;open;
            U-3;Сделка менеджера;Новый лид;manager1;2025-04-02 10:00;;open;
            """));

    private async Task<UserResponse?> Olga(HttpClient c) =>
        (await c.GetAsync("/api/v1/users").Expect<List<UserResponse>>()).SingleOrDefault(u => u.Login == "olga.n");

    [Fact]
    public async Task A_person_voronka_lacks_is_brought_in_owns_her_history_and_leaves_with_the_rollback()
    {
        var c = await app.As("director");
        var batch = await ImportApiTests.Until(c, (await ImportApiTests.Upload(c, History)).Id, ImportStatus.Checked);
        Assert.Equal(0, batch.ErrorCount);
        var users = batch.Report!.Tables.Single(t => t.Table == "users");
        Assert.Equal((2, 1, 1), (users.Rows, users.Create, users.Skip));
        Assert.Null(await Olga(c));

        await c.PostAsync($"/api/v1/imports/{batch.Id}/commit", null).Expect<ImportBatchResponse>(HttpStatusCode.Accepted);
        Assert.Equal(ImportStatus.Committed, (await ImportApiTests.Until(c, batch.Id, ImportStatus.Committed)).Status);
        var olga = await Olga(c);
        Assert.NotNull(olga);
        Assert.Equal(("Ольга Новикова", "olga@example.com", UserRole.Manager, app.TeamA, false),
            (olga.FullName, olga.Email, olga.Role, olga.TeamId, olga.IsActive));
        var deals = await c.GetAsync("/api/v1/deals?q=Ольги").Expect<DealListResponse>();
        Assert.Equal([olga.Id, olga.Id], deals.Items.Select(d => d.OwnerId).ToArray());
        var won = deals.Items.Single(d => d.ExternalId == "U-1");
        var path = await c.GetAsync($"/api/v1/deals/{won.Id}/history").Expect<DealHistoryResponse>();
        Assert.All(path.Stages, s => Assert.Equal(olga.Id, s.ChangedById));

        // The same file again: she is matched now, and nothing changes.
        var again = await ImportApiTests.Until(c, (await ImportApiTests.Upload(c, History)).Id, ImportStatus.Checked);
        var people = again.Report!.Tables.Single(t => t.Table == "users");
        var dealRows = again.Report.Tables.Single(t => t.Table == "deals");
        Assert.Equal((0, 2, 0, 0), (people.Create, people.Skip, dealRows.Create, dealRows.Update));

        await c.PostAsync($"/api/v1/imports/{batch.Id}/rollback", null).Expect<ImportBatchResponse>(HttpStatusCode.Accepted);
        Assert.Equal(ImportStatus.RolledBack, (await ImportApiTests.Until(c, batch.Id, ImportStatus.RolledBack)).Status);
        Assert.Null(await Olga(c));
        Assert.Equal(0, (await c.GetAsync("/api/v1/deals?q=Ольги").Expect<DealListResponse>()).Total);
    }

    [Fact]
    public async Task People_who_cannot_be_brought_in_are_refused_by_reason()
    {
        var c = await app.As("director");
        var file = Zip(("users.csv", """
            login;full_name;role;team;region
            boss;Новый Директор;director;;
            ivan petrov;Иван Петров;;;
            anna;;manager;;
            oleg;Олег;manager;Команда В;
            """));
        var batch = await ImportApiTests.Until(c, (await ImportApiTests.Upload(c, file)).Id, ImportStatus.Checked);
        var errors = await c.GetAsync($"/api/v1/imports/{batch.Id}/errors").Expect<ImportProblemsResponse>();
        Assert.Equal([(2, "role"), (3, "login"), (4, "full_name"), (5, "team")], errors.Items.Select(e => (e.Row, e.Column)).Order());
        Assert.Contains(errors.Items, e => e.Reason == "must be manager, senior or assistant; a director is not imported.");
        Assert.Contains(errors.Items, e => e.Reason == "is not a team; add it in Settings → Team first.");
    }

    [Fact]
    public async Task An_owner_the_file_only_names_is_brought_in_from_the_directors_people_table()
    {
        var c = await app.As("director");
        var file = Zip(("deals.csv", """
            external_id;title;stage;owner;created_at;status
            N-1;Сделка Анны;Новый лид;Сидорова Анна;2025-04-01 10:00;open
            N-2;Ещё сделка Анны;Новый лид;Сидорова Анна;2025-04-02 10:00;open
            """));
        var batch = await ImportApiTests.Until(c, (await ImportApiTests.Upload(c, file)).Id, ImportStatus.Checked);
        Assert.Equal(2, batch.ErrorCount);
        await c.PutJson($"/api/v1/imports/{batch.Id}/mapping", batch.Mapping! with { NewPeople = ["Сидорова Анна"] })
            .Expect<ImportBatchResponse>();
        batch = await ImportApiTests.Until(c, batch.Id, ImportStatus.Checked);
        Assert.Equal(0, batch.ErrorCount);
        Assert.Equal(1, batch.Report!.Tables.Single(t => t.Table == "users").Create);
        await c.PostAsync($"/api/v1/imports/{batch.Id}/commit", null).Expect<ImportBatchResponse>(HttpStatusCode.Accepted);
        Assert.Equal(ImportStatus.Committed, (await ImportApiTests.Until(c, batch.Id, ImportStatus.Committed)).Status);
        var anna = (await c.GetAsync("/api/v1/users").Expect<List<UserResponse>>()).Single(u => u.FullName == "Сидорова Анна");
        Assert.Equal(("sidorova.anna", UserRole.Manager, true), (anna.Login, anna.Role, anna.IsActive));
        Assert.All((await c.GetAsync("/api/v1/deals?q=Анны").Expect<DealListResponse>()).Items, d => Assert.Equal(anna.Id, d.OwnerId));
    }

    [Theory]
    [InlineData("Петров Пётр", "petrov.petr")]
    [InlineData("Щукина Юлия", "shchukina.yuliya")]
    [InlineData("Анна-Мария O'Neil", "anna.mariya.o.neil")]
    [InlineData("«—»", "person")]
    public void A_login_is_made_from_the_name(string name, string login) => Assert.Equal(login, ImportUsers.Login(name));
}
