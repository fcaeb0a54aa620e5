using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.EntityFrameworkCore;
using Voronka.Core.Data;
using Voronka.Core.Features.Activities;
using Voronka.Core.Features.Arsenal;
using Voronka.Core.Features.Meetings;
using Voronka.Core.Features.Objections;
using Voronka.Core.Features.Pipelines;

namespace Voronka.Core.Features.Demo;

/// <summary>
/// The coaching loop of the demo company: the typical questions with the objections heard on the month's calls, the arsenal
/// for the stages (a script, a technique, a video, a proposal template, a best call), and the weekly meeting of the department.
/// </summary>
internal static class DemoCoaching
{
    public static async Task SeedAsync(VoronkaDbContext db, Common.FileStore store, Dictionary<string, int> ids, DateTime now,
        CancellationToken ct)
    {
        var pipelineId = await db.Pipelines.Where(p => p.IsDefault).Select(p => p.Id).FirstAsync(ct);
        var stages = await db.Stages.Where(s => s.PipelineId == pipelineId && s.Kind == StageKind.Open)
            .ToDictionaryAsync(s => s.Name, s => s.Id, ct);
        var objections = StarterObjections.For("ru")!.Select(o => new Objection
        {
            Kind = o.Kind, Text = o.Text, Answer = o.Answer, CreatedAt = now, UpdatedAt = now, Version = 1,
        }).ToList();
        var dear = objections.Single(o => o.Text == "Дорого");
        dear.StageId = stages.GetValueOrDefault("КП отправлено");
        dear.Variants.Add(new ObjectionVariant
        {
            Text = "Покажите расчёт окупаемости за год на цифрах клиента.", Position = 1,
        });
        dear.Variants.Add(new ObjectionVariant { Text = "Предложите рассрочку или оплату по этапам.",
            Position = 2 });
        db.AddRange(objections);
        await db.SaveChangesAsync(ct);
        await TagCallsAsync(db, objections, ids["director"], now, ct);

        var best = await db.Set<Reviews.BestCall>().Where(b => b.Objection != null).Select(b => (int?)b.Id).FirstOrDefaultAsync(ct);
        var template = await KeepTemplateAsync(store, ct);
        Item(db, ArsenalKind.Script, "Звонок после отправки КП", Script, ids["director"], now.AddDays(-20), 60, stages,
            ["КП отправлено"],
            [dear]);
        Item(db, ArsenalKind.Technique, "СПИН-вопросы на квалификации", Spin, ids["senior1"], now.AddDays(-120),
            90, stages,
            ["Квалификация"], []);
        Item(db, ArsenalKind.Video, "Как показать продукт за 15 минут",
            "Запись внутреннего тренинга: структура демонстрации.",
            ids["senior2"], now.AddDays(-30), 180, stages, ["Встреча"], [], url: "https://video.voronka.example/demo-15-min");
        var kp = Item(db, ArsenalKind.ProposalTemplate, "Коммерческое предложение",
            "Шаблон КП с позициями сделки и итогом.",
            ids["director"], now.AddDays(-10), 90, stages, ["КП отправлено"], []);
        (kp.FileName, kp.FileType, kp.FileSize, kp.FileKey) = ("Коммерческое предложение.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document", template.Size, template.Key);
        if (best is int b)
        {
            var item = Item(db, ArsenalKind.BestCall, "Как снять «дорого»",
                "Послушайте, как менеджер сравнивает полную стоимость за год.",
                ids["director"], now.AddDays(-5), 90, stages, ["КП отправлено", "Переговоры"], [dear]);
            item.BestCallId = b;
        }
        await db.SaveChangesAsync(ct);
        foreach (var i in await db.Set<ArsenalItem>().ToListAsync(ct))
            db.Add(new ArsenalVersion
            {
                ItemId = i.Id, Number = 1, Title = i.Title, Body = i.Body, Url = i.Url, FileName = i.FileName, FileType = i.FileType,
                FileKey = i.FileKey, EditedById = i.OwnerId, EditedAt = i.CreatedAt,
            });
        db.Add(new MeetingSeries
        {
            Name = "Планёрка отдела продаж", OwnerId = ids["director"], Day = DayOfWeek.Monday, At = new TimeOnly(10,
                0), Minutes = 60,
            CreatedAt = now,
        });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>About a third of the month's connected calls on deals hear one of the common objections; the answer given varies.</summary>
    private static async Task TagCallsAsync(VoronkaDbContext db, List<Objection> objections, int directorId, DateTime now,
        CancellationToken ct)
    {
        var since = now.AddDays(-28);
        var calls = await db.Activities.Where(a => a.Type == ActivityType.Call && a.CallResult == CallResult.Connected && a.DealId != null
                && a.OccurredAt >= since && a.OccurredAt <= now)
            .OrderBy(a => a.Id).Select(a => new { a.Id, a.DealId, a.OccurredAt, a.UserId }).ToListAsync(ct);
        var common = new[] { "Дорого", "Нам нужно подумать", "Пришлите КП на почту",
            "У нас уже есть поставщик", "Сейчас нет бюджета" }
            .Select(t => objections.Single(o => o.Text == t)).ToList();
        foreach (var call in calls.Where(c => c.Id % 3 == 0))
        {
            var objection = common[(int)(call.Id / 3 % 7) switch { 0 or 1 or 2 => 0, 3 or 4 => 1, 5 => 2, _ => (int)(call.Id % 2) + 3 }];
            var variants = objection.Variants;
            var pick = (int)(call.Id % 5);
            db.Add(new ObjectionTag
            {
                ObjectionId = objection.Id, ActivityId = call.Id, Answered = pick != 4,
                VariantId = pick is 1 or 2 && variants.Count >= pick ? variants[pick - 1].Id : null,
                StageId = await ObjectionsService.StageAtAsync(db, call.DealId!.Value, call.OccurredAt, ct),
                TaggedById = call.UserId, TaggedAt = call.OccurredAt.AddMinutes(10),
            });
        }
        await db.SaveChangesAsync(ct);
    }

    private static ArsenalItem Item(VoronkaDbContext db, ArsenalKind kind, string title, string body, int owner, DateTime verified,
        int every,
        Dictionary<string, int> stages, string[] stageNames, Objection[] objections, string? url = null)
    {
        var item = new ArsenalItem
        {
            Kind = kind, Title = title, Body = body, Url = url, OwnerId = owner, VerifyEveryDays = every, VerifiedAt = verified,
            VerifyBy = verified.AddDays(every), CreatedAt = verified, UpdatedAt = verified, ContentVersion = 1, Version = 1,
            Stages = stageNames.Where(stages.ContainsKey).Select(s => new ArsenalStage { StageId = stages[s] }).ToList(),
            Objections = objections.Select(o => new ArsenalObjection { ObjectionId = o.Id }).ToList(),
        };
        db.Add(item);
        return item;
    }

    private const string Script = """
        ## Цель звонка
        Узнать, что клиент думает о КП, и договориться о следующем шаге.

        1. Напомните, о чём договорились на встрече,
            и **главную выгоду** для клиента.
        2. Спросите: «Что в предложении вам подходит, а что нужно поправить?»
        3. Услышали «дорого» — сравните полную стоимость за год
           (см. библиотеку возражений).
        4. Договоритесь о дате: встреча с ЛПР или согласование договора.

        > Не заканчивайте звонок без назначенной даты следующего шага.
        """;

    private const string Spin = """
        - **Ситуация**: как у вас сейчас устроено…?
        - **Проблема**: что в этом вызывает трудности?
        - **Извлечение**: к чему это приводит, во что обходится?
        - **Выгода**: что изменится, если это решить?
        """;

    /// <summary>A proposal template made with the Open XML SDK: the client, the manager and a table of the deal's lines.</summary>
    private static async Task<Common.StoredFile> KeepTemplateAsync(Common.FileStore store, CancellationToken ct)
    {
        using var stream = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            static Paragraph P(string text, bool bold = false) =>
                new(new Run(bold ? new RunProperties(new Bold()) : new RunProperties(),
                    new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
            static TableRow Row(params string[] cells) => new(cells.Select(c => new TableCell(P(c))));
            var border = new TableBorders(new TopBorder { Val = BorderValues.Single, Size = 4 },
                new BottomBorder { Val = BorderValues.Single, Size = 4 },
                new LeftBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
                new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single,
                    Size = 4 });
            main.Document = new Document(new Body(
                P("{{organisation.name}}", true), P("Коммерческое предложение № {{deal.number}} от {{today}}",
                    true),
                P("Для: {{company.name}}, {{contact.name}}"),
                new Table(new TableProperties(border), Row("№", "Позиция", "Кол-во", "Цена, ₽", "Скидка",
                    "Сумма, ₽"),
                    Row("{{line.number}}", "{{line.product}}", "{{line.quantity}}", "{{line.price}}", "{{line.discount}}",
                        "{{line.total}}"),
                    Row("", "Итого", "", "", "", "{{lines.total}}")),
                P("Предложение действует до {{validUntil}}."),
                    P("Ваш менеджер: {{manager.name}}, {{manager.email}}")));
            main.Document.Save();
        }
        stream.Position = 0;
        return await store.SaveAsync(stream, "arsenal", ".docx", long.MaxValue, stream.Length, ct);
    }
}
