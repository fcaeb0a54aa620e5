using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Voronka.Web.Infrastructure;

/// <summary>MudBlazor's own words (pager, column menu, pickers, close buttons) from our texts, under "Mud.{key}".</summary>
internal sealed class MudTexts(Texts texts) : MudLocalizer
{
    public override LocalizedString this[string key] =>
        texts["Mud." + key] is { ResourceNotFound: false } s ? new LocalizedString(key, s.Value) : new LocalizedString(key, key, resourceNotFound: true);
}
