using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.People;
using Voronka.Core.Features.Reviews;
using Voronka.Core.Features.Telephony;

namespace Voronka.Core.Features.Demo;

/// <summary>
/// The demo company's phone system: extensions for everyone who sells, the last two weeks' calls sent through the
/// telephony inbox as a PBX would send them (outgoing calls on the managers' open deals, missed calls of clients and of an
/// unknown number), recordings with their transcripts, a published scorecard, reviews by the director and the seniors,
/// two best calls and the weekly quotas.
/// </summary>
public sealed class DemoCalls(
    IDbContextFactory<VoronkaDbContext> dbFactory, TelephonyService telephony, TelephonyInbox inbox, FileStore store,
    ScorecardsService cards, ReviewsService reviews, ReviewRoutine routine, BestCallsService best, TimeProvider clock)
{
    private const int SampleRate = 8000;
    private static readonly string[] Recorded = ["manager1", "manager2", "manager3", "manager4", "manager6"];

    /// <summary>What is said in a call: who speaks (true for the manager) and the words.</summary>
    private static readonly (bool Manager, string Text)[][] Scripts =
    [
        [
            (true, "Добрый день! Это отдел продаж «Демо Продажи». Удобно "
                + "говорить пару минут?"),
            (false, "Да, слушаю."),
            (true, "Вы оставляли заявку на CRM. Сколько у вас менеджеров и "
                + "как сейчас ведёте сделки?"),
            (false, "Двенадцать человек, всё в таблицах, руководитель не "
                + "видит воронку."),
            (true, "Понял. Покажу, как директор видит воронку и план "
                + "звонков на каждый день. Демонстрация в четверг в "
                + "одиннадцать?"),
            (false, "В четверг подходит."),
            (true, "Отлично, пришлю приглашение и предложение на двенадцать "
                + "лицензий."),
        ],
        [
            (true, "Добрый день, это «Демо Продажи». Вы получили наше "
                + "коммерческое предложение?"),
            (false, "Получили, но для нас дорого. У конкурентов лицензия "
                + "дешевле."),
            (true, "Понимаю. А что именно сравнивали? У нас внедрение и "
                + "обучение уже в цене."),
            (false, "Сравнивали только лицензии."),
            (true, "Давайте я посчитаю полную стоимость на год с "
                + "внедрением, и сравним честно. Пришлю расчёт завтра до "
                + "обеда."),
            (false, "Хорошо, жду."),
        ],
        [
            (true, "Алло, здравствуйте, это «Демо Продажи», по поводу CRM."),
            (false, "Мы пока не планируем, у нас сейчас другие задачи."),
            (true, "Понятно. Ну, если что, звоните."),
            (false, "Хорошо, до свидания."),
        ],
        [
            (true, "Добрый день! Вы спрашивали про аудит отдела продаж."),
            (false, "Да, хотим понять, почему падает конверсия."),
            (true, "Кто у вас принимает решение и какой бюджет заложен?"),
            (false, "Решает генеральный, бюджет до ста пятидесяти тысяч."),
            (true, "Тогда предлагаю встречу с генеральным на следующей "
                + "неделе: покажу, где теряются сделки."),
            (false, "Давайте во вторник."),
        ],
    ];

    private sealed record Planned(string Login, int DealId, string Phone, int Script, int Seconds, DateTimeOffset At);

    public async Task SeedAsync(IReadOnlyDictionary<string, int> ids, CancellationToken ct)
    {
        var director = new Actor(ids["director"], UserRole.Director, null);
        var pbx = await telephony.CreateAsync(director,
            new IntegrationRequest("Облачная АТС", PbxKind.Generic, WebhookAuth.Signature, MissedToLeads: true), ct);
        var extensions = ids.Where(p => p.Key != "assistant").Select(p => new ExtensionItem(Extension(p.Key), p.Value)).ToList();
        await telephony.SetExtensionsAsync(director, pbx.Id, new ExtensionsRequest(extensions), ct);

        var now = clock.GetUtcNow();
        var plan = await PlanAsync(ids, now, ct);
        var events = new List<CallEvent>();
        foreach (var (c, i) in plan.Select((c, i) => (c, i)))
        {
            var id = $"demo-{i + 1}";
            var ext = Extension(c.Login);
            events.Add(new CallEvent($"{id}-r", id, "ringing", "out", ext, c.Phone, [ext], StartedAt: c.At));
            events.Add(new CallEvent($"{id}-a", id, "answered", "out", ext, c.Phone, [ext], ext, c.At, c.At.AddSeconds(6)));
            events.Add(new CallEvent($"{id}-e", id, "ended", "out", ext, c.Phone, [ext], ext, c.At, c.At.AddSeconds(6),
                c.At.AddSeconds(6 + c.Seconds), c.Seconds, "answered"));
        }
        var missed = plan.Where(c => c.Login is "manager1" or "manager6").DistinctBy(c => c.Login)
            .Select((c, i) => c with { At = now.AddMinutes(-95 - 40 * i) }).ToList();
        foreach (var (c, i) in missed.Select((c, i) => (c, i)))
            events.Add(new CallEvent($"demo-m{i}-e", $"demo-m{i}", "ended", "in", c.Phone, "+74950000000", [Extension(c.Login)],
                StartedAt: c.At, EndedAt: c.At.AddSeconds(25), Cause: "no answer"));
        events.Add(new CallEvent("demo-u-e", "demo-u", "ended", "in", "+79857770011", "+74950000000", ["101", "102", "103"],
            StartedAt: now.AddMinutes(-50), EndedAt: now.AddMinutes(-49), Cause: "no answer"));
        await inbox.KeepAsync(pbx.Id, events, ct);
        while (await inbox.ProcessAsync(ct) > 0) { }

        var activities = await RecordAsync(pbx.Id, plan, ct);
        await ReviewAsync(ids, plan, activities, ct);
    }

    private static string Extension(string login) => login switch
    {
        "director" => "100",
        "senior1" => "201",
        "senior2" => "202",
        _ => (100 + int.Parse(login["manager".Length..])).ToString(),
    };

    /// <summary>Three outgoing calls of each recorded manager on their open deals with a contact's phone, on the last
    /// working days.</summary>
    private async Task<List<Planned>> PlanAsync(IReadOnlyDictionary<string, int> ids, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var plan = new List<Planned>();
        var rnd = new Random(20261207);
        foreach (var (login, m) in Recorded.Select((l, m) => (l, m)))
        {
            var owner = ids[login];
            var deals = await (from d in db.Deals
                               join c in db.Contacts on d.ContactId equals c.Id
                               where d.OwnerId == owner && d.ClosedAt == null && d.DeletedAt == null
                               orderby d.StageEnteredAt descending
                               select new { d.Id, c.Phones }).Take(12).ToListAsync(ct);
            var day = 0;
            foreach (var d in deals.Where(d => d.Phones.Count > 0).Take(3))
            {
                var at = now.AddDays(-1 - day - m % 2).Date;
                while (at.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) at = at.AddDays(-1);
                day += 2;
                var script = (plan.Count + m) % Scripts.Length;
                plan.Add(new Planned(login, d.Id, d.Phones[0], script, 28 + Scripts[script].Sum(l => l.Text.Length) / 12 + rnd.Next(5),
                    new DateTimeOffset(at.AddHours(7 + rnd.Next(7)).AddMinutes(rnd.Next(60)), TimeSpan.Zero)));
            }
        }
        return plan;
    }

    /// <summary>Each planned call's recording, made of voices reading its script, and its transcript.</summary>
    private async Task<Dictionary<Planned, long>> RecordAsync(int integrationId, List<Planned> plan, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var calls = await db.Set<Call>().Where(c => c.IntegrationId == integrationId && c.ActivityId != null)
            .ToDictionaryAsync(c => c.ExternalId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var activities = new Dictionary<Planned, long>();
        foreach (var (c, i) in plan.Select((c, i) => (c, i)))
        {
            if (!calls.TryGetValue($"demo-{i + 1}", out var call)) continue;
            var segments = Timed(Scripts[c.Script], c.Seconds);
            using var audio = new MemoryStream(Voices(segments, Scripts[c.Script].Select(l => l.Manager).ToArray(), c.Seconds, i));
            var file = await store.SaveAsync(audio, "recordings", ".wav", Recordings.MaxBytes, audio.Length, ct);
            var recording = new Recording
            {
                CallId = call.Id, ActivityId = call.ActivityId, State = RecordingState.Stored, StorageKey = file.Key,
                ContentType = "audio/wav", Size = file.Size, Sha256 = file.Sha256, Attempts = 1, CreatedAt = now, StoredAt = now,
            };
            db.Add(recording);
            await db.SaveChangesAsync(ct);
            var text = string.Join(" ", segments.Select(s => s.Text));
            db.Add(new Transcript
            {
                RecordingId = recording.Id, State = TranscriptState.Done, Model = "demo", Language = "ru", Text = text,
                SearchText = text.ToLowerInvariant(), Segments = JsonSerializer.Serialize(segments, JsonSerializerOptions.Web),
                Attempts = 1, CreatedAt = now, DoneAt = now,
            });
            await db.SaveChangesAsync(ct);
            activities[c] = call.ActivityId!.Value;
        }
        return activities;
    }

    /// <summary>The lines spread over the call by their length, with a short pause after each.</summary>
    private static List<TranscriptSegment> Timed((bool Manager, string Text)[] lines, int seconds)
    {
        var total = lines.Sum(l => l.Text.Length);
        var speech = seconds - 0.8 * lines.Length - 1;
        var at = 0.5;
        var segments = new List<TranscriptSegment>();
        foreach (var (_, text) in lines)
        {
            var length = Math.Round(speech * text.Length / total, 1);
            segments.Add(new TranscriptSegment(Math.Round(at, 1), Math.Round(at + length, 1), text));
            at += length + 0.8;
        }
        return segments;
    }

    /// <summary>An 8 kHz, 8-bit WAV in which two voices (a lower one for the manager) speak in the segments' times:
    /// harmonics of a pitch, shaped into syllables, over a little line noise.</summary>
    private static byte[] Voices(List<TranscriptSegment> segments, bool[] manager, int seconds, int seed)
    {
        var rnd = new Random(seed);
        var samples = new byte[SampleRate * seconds];
        for (var i = 0; i < samples.Length; i++)
        {
            var t = (double)i / SampleRate;
            var index = segments.FindIndex(s => t >= s.Start && t < s.End);
            var value = (rnd.NextDouble() - 0.5) * 0.02;
            if (index >= 0)
            {
                var pitch = (manager[index] ? 120 : 205) * (1 + 0.06 * Math.Sin(2 * Math.PI * 0.7 * t));
                var syllable = Math.Max(0, Math.Sin(2 * Math.PI * 4.3 * t + index));
                for (var h = 1; h <= 5; h++) value += Math.Sin(2 * Math.PI * pitch * h * t) / h * 0.28 * syllable;
            }
            samples[i] = (byte)Math.Clamp(128 + value * 127, 0, 255);
        }
        using var wav = new MemoryStream();
        using var w = new BinaryWriter(wav);
        w.Write("RIFF"u8);
        w.Write(36 + samples.Length);
        w.Write("WAVEfmt "u8);
        w.Write(16);
        w.Write((short)1);
        w.Write((short)1);
        w.Write(SampleRate);
        w.Write(SampleRate);
        w.Write((short)1);
        w.Write((short)8);
        w.Write("data"u8);
        w.Write(samples.Length);
        w.Write(samples);
        w.Flush();
        return wav.ToArray();
    }

    /// <summary>The scorecard, the quotas, the reviews of the week (one left a draft), a reply and two best calls.</summary>
    private async Task ReviewAsync(IReadOnlyDictionary<string, int> ids, List<Planned> plan, Dictionary<Planned, long> activities,
        CancellationToken ct)
    {
        var director = new Actor(ids["director"], UserRole.Director, null);
        var card = await cards.CreateAsync(director, new ScorecardRequest("Звонок клиенту", Way: CallWay.Out,
            MinDurationSeconds: 20, Questions:
            [
                new QuestionRequest("Выявил потребность", QuestionKind.YesNo, Weight: 2, Critical: true,
                    Guide: "Спросил, сколько людей продают и как ведут сделки сейчас."),
                new QuestionRequest("Договорился о следующем шаге с датой", QuestionKind.YesNo, Weight: 2),
                new QuestionRequest("Отработал возражение", QuestionKind.Scale, AllowNa: true,
                    Guide: "Уточнил, с чем сравнивают, и перевёл разговор на "
                        + "полную стоимость."),
                new QuestionRequest("Уверенность", QuestionKind.Choice,
                    [new("Уверенно", 100), new("Ровно", 60), new("Неуверенно", 0)]),
            ]), ct);
        await cards.PublishAsync(director, card.Id, ct);
        await routine.SetQuotasAsync(director, new QuotasRequest([new QuotaItem(ids["director"], 1), new QuotaItem(ids["senior1"], 2),
            new QuotaItem(ids["senior2"], 2)]), ct);

        var senior1 = new Actor(ids["senior1"], UserRole.Senior, await TeamAsync(ids["senior1"], ct));
        var senior2 = new Actor(ids["senior2"], UserRole.Senior, await TeamAsync(ids["senior2"], ct));
        long? Call(string login, int script) => plan.Where(p => p.Login == login && activities.ContainsKey(p))
            .OrderBy(p => p.Script == script ? 0 : 1).Select(p => (long?)activities[p]).FirstOrDefault();
        var good = await ReviewOneAsync(director, Call("manager1", 0), [1, 1, -1, 0],
            "Образцовый первый звонок: вопрос о процессе и встреча с датой.",
            (14, "Вот этот вопрос о процессе — берите в скрипт."), true, ct);
        if (good is not null)
            await reviews.CommentAsync(new Actor(ids["manager1"], UserRole.Manager, senior1.TeamId), good.Id,
                new CommentRequest("Спасибо! Добавлю вопрос про таблицы в свой скрипт."), ct);
        await ReviewOneAsync(director, Call("manager3", 2), [0, 0, 2, 2],
            "Нет ни одного вопроса о задачах клиента, разговор закончен "
                + "без следующего шага.",
            (6, "Здесь нужно было спросить, какие задачи сейчас важнее."), true, ct);
        var price = await ReviewOneAsync(senior1, Call("manager2", 1), [1, 1, 5, 0],
            "Возражение «дорого» отработано через полную стоимость, расчёт "
                + "обещан к сроку.",
            (20, "Хорошо: уточнила, с чем сравнивают."), true, ct);
        await ReviewOneAsync(senior1, Call("manager4", 3), [1, 1, -1, 1],
            "Вышла на лицо, принимающее решение, и бюджет.", null, true, ct);
        await ReviewOneAsync(senior2, Call("manager6", 0), [1, 0, -1, 1], null, null, false, ct);

        if (good is not null)
            await best.AddAsync(director, new BestCallRequest(good.ActivityId,
                "Первый звонок: потребность и встреча",
                "Вопрос о том, как сейчас ведут сделки, и встреча с датой и "
                    + "временем — так начинать разговор.", 0, 40), ct);
        if (price is not null)
            await best.AddAsync(director, new BestCallRequest(price.ActivityId, "Возражение «дорого»",
                "Не спорит о цене лицензии, а сравнивает полную стоимость "
                    + "за год.", Objection: "Дорого"), ct);
    }

    private async Task<int?> TeamAsync(int userId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.Where(u => u.Id == userId).Select(u => u.TeamId).FirstOrDefaultAsync(ct);
    }

    /// <summary>A review of a call with the answers in question order (−1 for N/A), a summary, a comment pinned to a moment,
    /// released or left a draft.</summary>
    private async Task<ReviewResponse?> ReviewOneAsync(Actor reviewer, long? activityId, int[] answers, string? summary,
        (int At, string Text)? pinned, bool release, CancellationToken ct)
    {
        if (activityId is null) return null;
        var review = await reviews.StartAsync(reviewer, new StartReviewRequest(activityId, null), ct);
        var questions = review.Revision.Questions;
        var list = questions.Select((q, i) => answers[i] < 0 ? new AnswerRequest(q.Id, Na: true)
            : new AnswerRequest(q.Id, answers[i])).ToList();
        review = await reviews.SaveAsync(reviewer, review.Id, new ReviewRequest(list, summary, review.Version), ct);
        if (pinned is var (at, text)) review = await reviews.CommentAsync(reviewer, review.Id, new CommentRequest(text, at), ct);
        return release ? await reviews.ReleaseAsync(reviewer, review.Id, ct) : review;
    }
}
