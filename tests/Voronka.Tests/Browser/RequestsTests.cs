using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Requests;
using Voronka.Tests.Features.Demo;

namespace Voronka.Tests.Browser;

[Collection(nameof(BrowserCollection))]
public class RequestsTests(BrowserApp app)
{
    [Fact]
    public async Task A_manager_asks_from_the_deal_the_assistant_does_it_from_the_queue_and_then_the_deal_moves_on()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var (director, manager1, assistant) = (await app.ActorAsync("director"), await app.ActorAsync("manager1"),
            await app.ActorAsync("assistant"));
        var types = app.Services.GetRequiredService<RequestTypesService>();
        var typeName = $"Выставить счёт {suffix}";
        // The stage «Встреча» may be entered only with this request done.
        var meeting = (await app.Services.GetRequiredService<Voronka.Core.Features.Pipelines.PipelinesService>().ListAsync(director))
            .Single(p => p.IsDefault).Stages.Single(s => s.Name == "Встреча");
        var type = await types.CreateAsync(director, new RequestTypeRequest(typeName, 4, assistant.UserId,
            Fields: [new RequestField("inn", "ИНН плательщика", RequestFieldType.Text, true)], StandardMinutes: 20,
            RequiredForStageIds: [meeting.Id]), CancellationToken.None);
        var deal = await app.Services.GetRequiredService<DealsService>().CreateAsync(manager1,
            new CreateDealRequest($"Счёт {suffix}"), CancellationToken.None);
        try
        {
            var seller = await app.NewPageAsync();
            await new LoginPage(seller).SignInAsync("manager1", DemoApp.DemoPassword);
            await seller.GotoAsync($"/deals/{deal.Id}");
            await new DealPage(seller).WaitAsync();
            await seller.GetByTestId("compose-request").ClickAsync();
            await seller.GetByTestId("request-type").ClickAsync();
            await seller.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = typeName }).First.ClickAsync();
            await seller.GetByTestId("request-send").ClickAsync();
            // The required field is named and nothing is sent.
            await Assertions.Expect(seller.GetByText("ИНН плательщика: обязательно.")).ToBeVisibleAsync();
            await Assertions.Expect(seller.GetByTestId("deal-request")).ToHaveCountAsync(0);
            await seller.GetByTestId("request-field-inn").FillAsync("7701234567");
            await seller.GetByTestId("request-send").ClickAsync();
            var onCard = seller.GetByTestId("deal-request").Filter(new() { HasText = typeName });
            await Assertions.Expect(onCard).ToContainTextAsync("Ожидает");
            await MoveAsync(seller, "Встреча");
            var refusal = $"Поручения: нужно выполненное поручение '{typeName}'";
            await Assertions.Expect(seller.GetByText(refusal)).ToBeVisibleAsync();
            await Assertions.Expect(seller.GetByTestId("deal-stage")).ToHaveTextAsync("Новый лид");

            var back = await app.NewPageAsync();
            await new LoginPage(back).SignInAsync("assistant", DemoApp.DemoPassword);
            await back.GotoAsync("/requests");
            await Blazor.WaitForCircuitAsync(back);
            await back.GetByTestId("requests").Locator("tr").Filter(new() { HasText = typeName }).ClickAsync();
            await Assertions.Expect(back.GetByTestId("request-detail")).ToContainTextAsync("7701234567");
            await back.GetByTestId("request-take").ClickAsync();
            await Assertions.Expect(back.GetByTestId("request-take")).ToHaveCountAsync(0);
            await back.GetByTestId("request-text").FillAsync("Счёт № 42 отправлен клиенту");
            await back.GetByTestId("request-done").ClickAsync();
            await Assertions.Expect(back.GetByTestId("requests").Locator("tr").Filter(new() { HasText = typeName })).ToHaveCountAsync(0);

            await seller.ReloadAsync();
            await new DealPage(seller).WaitAsync();
            await Assertions.Expect(onCard).ToContainTextAsync("Выполнено");
            await Assertions.Expect(onCard).ToContainTextAsync("Счёт № 42 отправлен клиенту");
            // Done, the request lets the deal on.
            await MoveAsync(seller, "Встреча");
            await Assertions.Expect(seller.GetByTestId("deal-stage")).ToHaveTextAsync("Встреча");
        }
        finally
        {
            await types.UpdateAsync(director, type.Id, new RequestTypeRequest(typeName, 4, assistant.UserId, IsActive: false,
                Fields: type.Fields, StandardMinutes: 20, Version: type.Version), CancellationToken.None);
        }
    }

    private static async Task MoveAsync(IPage page, string stage)
    {
        await page.GetByTestId("deal-stage-select").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = stage }).First.ClickAsync();
    }
}
