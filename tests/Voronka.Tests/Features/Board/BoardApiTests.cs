using System.Net;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Pipelines;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Board;

/// <summary>The board through the API: the same counts, sums and cards as the page, in the actor's scope.</summary>
public class BoardApiTests(VoronkaApp app) : IClassFixture<VoronkaApp>
{
    private async Task<PipelineResponse> Pipeline() =>
        (await (await app.As("director")).GetAsync("/api/v1/pipelines").Expect<List<PipelineResponse>>()).Single(p => p.IsDefault);

    [Fact]
    public async Task Each_column_counts_and_sums_the_deals_found_and_shows_its_first_cards_the_longest_waiting_first()
    {
        var pipeline = await Pipeline();
        var first = pipeline.Stages[0];
        var proposal = pipeline.Stages.Single(s => s.Name == "КП отправлено");
        var tag = $"Доска {Guid.NewGuid():N}";
        var m = await app.As("manager1");
        var ids = new List<int>();
        foreach (var amount in new[] { 100m, 250m, 400m })
            ids.Add((await m.PostJson("/api/v1/deals", new { title = $"{tag} {amount}", amount })
                .Expect<DealResponse>(HttpStatusCode.Created)).Id);
        await m.PostJson($"/api/v1/deals/{ids[2]}/move", new { stageId = proposal.Id, expectedCloseDate = "2027-01-31" })
            .Expect<DealResponse>();

        var board = await m.GetAsync($"/api/v1/board/{pipeline.Id}?q={Uri.EscapeDataString(tag)}&cards=1").Expect<BoardResponse>();
        Assert.Equal(pipeline.Stages.Select(s => s.Id), board.Columns.Select(c => c.StageId));
        var waiting = board.Columns.Single(c => c.StageId == first.Id);
        Assert.Equal((2, 350m), (waiting.Count, waiting.Amount));
        Assert.Equal([ids[0]], waiting.Cards.Select(c => c.Id));
        var sent = board.Columns.Single(c => c.StageId == proposal.Id);
        Assert.Equal((1, 400m, ids[2]), (sent.Count, sent.Amount, Assert.Single(sent.Cards).Id));
        Assert.All(board.Columns.Where(c => c.StageId != first.Id && c.StageId != proposal.Id), c => Assert.Equal(0, c.Count));

        // "Show more" of the first column: the card after the first.
        var more = await m.GetAsync($"/api/v1/board/stages/{first.Id}/cards?q={Uri.EscapeDataString(tag)}&skip=1&take=5")
            .Expect<List<DealCardResponse>>();
        Assert.Equal([ids[1]], more.Select(c => c.Id));

        // Another team's manager sees none of these deals on the board.
        var other = await (await app.As("manager3")).GetAsync($"/api/v1/board/{pipeline.Id}?q={Uri.EscapeDataString(tag)}")
            .Expect<BoardResponse>();
        Assert.All(other.Columns, c => Assert.Equal((0, 0m), (c.Count, c.Amount)));
    }

    [Fact]
    public async Task Impossible_sizes_are_refused_by_name_and_an_unknown_pipeline_or_stage_is_not_found()
    {
        var pipeline = await Pipeline();
        var m = await app.As("manager1");
        var cards = await m.GetAsync($"/api/v1/board/{pipeline.Id}?cards=0").Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["cards"], cards.ErrorFields());
        var column = $"/api/v1/board/stages/{pipeline.Stages[0].Id}/cards";
        Assert.Equal(["skip", "take"], (await m.GetAsync($"{column}?skip=-1&take=201").Problem(HttpStatusCode.BadRequest)).ErrorFields()
            .Order().ToArray());
        Assert.Equal(["status"], (await m.GetAsync($"{column}?status=maybe").Problem(HttpStatusCode.BadRequest)).ErrorFields());
        await m.GetAsync("/api/v1/board/987654").Problem(HttpStatusCode.NotFound);
        await m.GetAsync("/api/v1/board/stages/987654/cards").Problem(HttpStatusCode.NotFound);
    }
}
