using System.Net;
using Voronka.Core.Features.Activities;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Objections;
using Voronka.Core.Features.Pipelines;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Objections;

/// <summary>A company of its own for the library of objections.</summary>
public class ObjectionApp : VoronkaApp;

public class ObjectionApiTests(ObjectionApp app) : IClassFixture<ObjectionApp>
{
    [Fact]
    public async Task The_starter_set_is_added_once_and_edited_by_the_director()
    {
        var director = await app.As("director");
        await (await app.As("senior1")).PostAsync("/api/v1/objections/starter-set?language=ru", null).Problem(HttpStatusCode.Forbidden);
        Assert.Equal(["language"], (await director.PostAsync("/api/v1/objections/starter-set?language=de", null)
            .Problem(HttpStatusCode.BadRequest)).ErrorFields());
        var ru = await director.PostAsync("/api/v1/objections/starter-set?language=ru", null).Expect<List<ObjectionResponse>>();
        Assert.Equal(StarterObjections.For("ru")!.Count,
            ru.Count(o => o.Text == StarterObjections.For("ru")!.Single(s => s.Text == o.Text).Text));
        var again = await director.PostAsync("/api/v1/objections/starter-set?language=ru", null).Expect<List<ObjectionResponse>>();
        Assert.Equal(ru.Count, again.Count);
        var dear = ru.Single(o => o.Text == "Дорого");
        Assert.Equal(ObjectionKind.Objection, dear.Kind);

        var bad = await director.PutJson($"/api/v1/objections/{dear.Id}", new
        {
            kind = "complaint", text = "Нам нужно подумать", variants = new[] { new { id = (int?)999999, text = "" } },
                version = dear.Version,
        }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["kind", "text", "variants[0].id", "variants[0].text"], bad.ErrorFields().Order());
        var edited = await director.PutJson($"/api/v1/objections/{dear.Id}", new
        {
            kind = "objection", text = "Дорого", answer = "Сравните с **ценой простоя**.",
            variants = new[] { new { id = (int?)null, text = "Предложите рассрочку" }, new { id = (int?)null,
                text = "Покажите расчёт окупаемости" } },
            version = dear.Version,
        }).Expect<ObjectionResponse>();
        Assert.Equal(["Предложите рассрочку", "Покажите расчёт окупаемости"],
            edited.Variants.Select(v => v.Text));
        Assert.Contains("<strong>ценой простоя</strong>", edited.AnswerHtml);
        // The first variant dropped: it is archived (tags keep it), the other kept.
        var second = edited.Variants[1];
        edited = await director.PutJson($"/api/v1/objections/{dear.Id}", new
        {
            kind = "objection", text = "Дорого", answer = edited.Answer, variants = new[] { new { id = (int?)second.Id,
                text = second.Text } },
            version = edited.Version,
        }).Expect<ObjectionResponse>();
        Assert.Equal([(second.Id, false), (edited.Variants[1].Id, true)], edited.Variants.Select(v => (v.Id, v.Archived)));
        var m3 = await app.As("manager3");
        Assert.Single(await m3.GetAsync("/api/v1/objections?q=рассрочку").Expect<List<ObjectionResponse>>());
    }

    [Fact]
    public async Task An_objection_tagged_on_three_calls_is_the_objection_of_the_week_counted_per_manager_and_stage()
    {
        var director = await app.As("director");
        var m1 = await app.As("manager1");
        var m3 = await app.As("manager3");
        var term = await director.PostJson("/api/v1/objections", new { kind = "objection",
            text = "Долгая отсрочка платежа", answer = "Предоплата 30 %" })
            .Expect<ObjectionResponse>(HttpStatusCode.Created);
        var other = await director.PostJson("/api/v1/objections", new { kind = "question", text = "Есть ли сертификаты?" })
            .Expect<ObjectionResponse>(HttpStatusCode.Created);
        var stages = (await m1.GetAsync("/api/v1/pipelines").Expect<List<PipelineResponse>>()).Single(p => p.IsDefault).Stages;
        var first = stages.Where(s => s.Kind == StageKind.Open).MinBy(s => s.Position)!;

        async Task<long> Call(HttpClient who, int hoursAgo)
        {
            var deal = await who.PostJson("/api/v1/deals", new { title = "Поставка" }).Expect<DealResponse>(HttpStatusCode.Created);
            return (await who.PostJson("/api/v1/activities", new
            {
                type = "Call", dealId = deal.Id, direction = "Outgoing", callResult = "Connected", durationSeconds = 120,
                occurredAt = new DateTimeOffset(app.UtcNow.AddHours(-hoursAgo)),
            }).Expect<ActivityResponse>(HttpStatusCode.Created)).Id;
        }
        var calls = new[] { await Call(m1, 1), await Call(m1, 2), await Call(m3, 3) };
        foreach (var call in calls[..2])
            await m1.PostJson($"/api/v1/activities/{call}/objections", new { objectionId = term.Id }).Expect<TagResponse>();
        await m1.PostJson($"/api/v1/activities/{calls[2]}/objections", new { objectionId = term.Id }).Problem(HttpStatusCode.NotFound);
        await m3.PostJson($"/api/v1/activities/{calls[2]}/objections", new { objectionId = term.Id }).Expect<TagResponse>();
        await m1.PostJson($"/api/v1/activities/{calls[0]}/objections", new { objectionId = other.Id,
            answered = false }).Expect<TagResponse>();
        var tagged = await m1.PostJson($"/api/v1/activities/{calls[0]}/objections", new { objectionId = term.Id, answered = true })
            .Expect<TagResponse>();
        Assert.Equal(first.Id, tagged.StageId);
        Assert.Equal(2, (await m1.GetAsync($"/api/v1/activities/{calls[0]}/objections").Expect<List<TagResponse>>()).Count);
        var wrong = await m1.PostJson($"/api/v1/activities/{calls[0]}/objections", new { objectionId = 999999, variantId = 1 })
            .Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["objectionId", "variantId"], wrong.ErrorFields().Order());

        var week = await director.GetAsync($"/api/v1/objections/of-week?week={app.Today:yyyy-MM-dd}").Expect<ObjectionOfWeek>();
        Assert.Equal((term.Id, 3, ObjectionStats.WeekOf(app.Today)), (week.ObjectionId, week.Count, week.WeekStart));
        var frequency = await director.GetAsync("/api/v1/objections/frequency").Expect<FrequencyResponse>();
        var row = frequency.Rows[0];
        Assert.Equal((term.Id, 3), (row.ObjectionId, row.Count));
        Assert.Equal(3, row.ByWeek[^1]);
        Assert.Equal([("MANAGER1", 2), ("MANAGER3", 1)], row.ByManager.Select(m => (m.Name, m.Count)));
        Assert.Equal([(first.Id, 3)], row.ByStage.Select(s => (s.Id, s.Count)));
        Assert.Equal((other.Id, 1), (frequency.Rows[1].ObjectionId, frequency.Rows[1].Count));

        // A senior sees the team's calls only: in team A it is still first, heard twice.
        var senior = await app.As("senior1");
        var teamWeek = await senior.GetAsync("/api/v1/objections/of-week").Expect<ObjectionOfWeek>();
        Assert.Equal((term.Id, 2), (teamWeek.ObjectionId, teamWeek.Count));
        var effect = await director.GetAsync("/api/v1/objections/effect").Expect<ObjectionEffectResponse>();
        var answers = effect.Rows.Single(r => r.ObjectionId == term.Id).Answers;
        Assert.Equal([(null, true, 3, 0, false)], answers.Select(a => (a.VariantId, a.Answered, a.Calls, a.Moved, a.Enough)));

        Assert.Equal(HttpStatusCode.NoContent, (await m1.DeleteAsync($"/api/v1/activities/{calls[0]}/objections/{other.Id}")).StatusCode);
        Assert.Single(await m1.GetAsync($"/api/v1/activities/{calls[0]}/objections").Expect<List<TagResponse>>());
    }
}
