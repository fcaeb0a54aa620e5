using Microsoft.EntityFrameworkCore;
using Voronka.Core.Data;
using Voronka.Core.Features.Pipelines;

namespace Voronka.Core.Features.Demo;

internal static class DemoWorkflow
{
    /// <summary>The back office and the stage automations a head of sales sets up first: a follow-up call two working days after
    /// the proposal goes, and the contract approval handed to the assistant when negotiations start.</summary>
    public static async Task SeedAsync(VoronkaDbContext db, Dictionary<string, int> ids, DateTime now, CancellationToken ct)
    {
        var pipelineId = await db.Pipelines.Where(p => p.IsDefault).Select(p => p.Id).FirstAsync(ct);
        var stages = await db.Stages.Where(s => s.PipelineId == pipelineId && s.Kind == StageKind.Open).OrderBy(s => s.Position)
            .ToListAsync(ct);
        var (proposal, negotiation) = (stages[^2], stages[^1]);
        var contract = new Requests.RequestType
        {
            Name = "Согласовать договор",
            Description = "Проверить договор с юристом и бухгалтерией, "
                + "вернуть подписанный скан.",
            FieldsJson = System.Text.Json.JsonSerializer.Serialize(new[]
            {
                new Requests.RequestField("number", "Номер договора", Requests.RequestFieldType.Text, true),
                new Requests.RequestField("sum", "Сумма договора", Requests.RequestFieldType.Number),
            }),
            SlaHours = 8, StandardMinutes = 45, AssigneeId = ids["assistant"],
            LadderJson = System.Text.Json.JsonSerializer.Serialize(new[]
            {
                new Requests.EscalationStep(4, Requests.EscalationTarget.Senior),
                new Requests.EscalationStep(8, Requests.EscalationTarget.Director),
            }),
        };
        db.Set<Requests.RequestType>().Add(contract);
        db.Set<Requests.RequestType>().Add(new Requests.RequestType
        {
            Name = "Выставить счёт", SlaHours = 4, StandardMinutes = 15, AssigneeId = ids["assistant"], Position = 1,
            FieldsJson = System.Text.Json.JsonSerializer.Serialize(new[]
            {
                new Requests.RequestField("sum", "Сумма", Requests.RequestFieldType.Number, true),
            }),
        });
        await db.SaveChangesAsync(ct);
        db.Set<Automations.StageAutomation>().AddRange(
            new Automations.StageAutomation
            {
                StageId = proposal.Id, Name = "Перезвонить по КП", Trigger = Automations.AutomationTrigger.Enter,
                Action = Automations.AutomationAction.CreateTask, Target = Automations.AutomationTarget.Owner,
                    TaskKind = Tasks.TaskKind.Call,
                Text = "Перезвонить клиенту по отправленному КП", DueIn = 2,
                    DueUnit = Automations.DueUnit.WorkingDays,
                CreatedById = ids["director"], CreatedAt = now,
            },
            new Automations.StageAutomation
            {
                StageId = negotiation.Id, Name = "Договор — ассистенту", Trigger = Automations.AutomationTrigger.Enter,
                Action = Automations.AutomationAction.CreateRequest, RequestTypeId = contract.Id, Position = 1,
                Text = "Подготовить и согласовать договор", CreatedById = ids["director"], CreatedAt = now,
            });
        await db.SaveChangesAsync(ct);
    }
}
