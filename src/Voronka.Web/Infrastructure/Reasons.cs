using System.Globalization;
using System.Text.RegularExpressions;
using Voronka.Core.Common;

namespace Voronka.Web.Infrastructure;

/// <summary>
/// The services explain a refusal in English (the API's language). The web app shows the same reason in the reader's
/// language: fixed reasons by table, reasons with values by pattern. An unknown reason is shown as it is.
/// </summary>
public static partial class Reasons
{
    private static readonly Dictionary<string, string> Ru = new(StringComparer.Ordinal)
    {
        ["is required."] = "обязательно.",
        ["must be 1 or more."] = "не меньше 1.",
        ["is already used by another user."] = "уже есть у другого сотрудника.",
        ["The account is deactivated."] = "Учётная запись отключена.",
        ["The organisation is already set up; sign in as its director."] = "Организация уже настроена — войдите как её руководитель.",
        ["is required: Director, Senior, Manager or Assistant."] = "обязательно: роль сотрудника.",
        ["must be ru or en."] = "ru или en.",
        ["has an unknown type."] = "неизвестного типа.",
        ["is required: Deal, Company or Contact."] = "обязательно: сделка, компания или контакт.",
        ["must be occurredAt or id."] = "occurredAt или id.",
        ["is required: Call, Meeting, Proposal, Presale, Email or Note."] = "обязательно: тип активности.",
        ["must be dueAt, createdAt or id."] = "dueAt, createdAt или id.",
        ["is required: Call, FollowUp, SendMaterials, Presentation, Meeting or Paperwork."] = "обязательно: вид задачи.",
        ["must be open, won or lost."] = "в работе, успешные или проигранные.",
        ["must not be less than amountMin."] = "не меньше минимальной суммы.",
        ["The deal was changed by someone else. Reload it and apply your change again."] = "Сделку уже изменил кто-то другой. Обновите её и повторите изменение.",
        ["does not exist."] = "не найдено.",
        ["is not a phone number."] = "не похоже на номер телефона.",
        ["is not an email address."] = "не похоже на адрес email.",
        ["is not a supported currency code."] = "неизвестный код валюты.",
        ["is outside your team."] = "вне вашей команды.",
        ["must be an active user who sells."] = "должен быть активный сотрудник-продавец.",
        ["must be an active user."] = "должен быть активный сотрудник.",
        ["must be an active senior manager."] = "должен быть активный старший менеджер.",
        ["already belongs to another company."] = "уже принадлежит другой компании.",
        ["already leads another team."] = "уже руководит другой командой.",
        ["works for another company."] = "работает в другой компании.",
        ["is archived."] = "в архиве.",
        ["is not a loss reason from the list."] = "нет в списке причин.",
        ["is not a custom field of this record."] = "не является полем этой записи.",
        ["is not a stage of the given pipeline."] = "не этап этой воронки.",
        ["is not a stage of this pipeline."] = "не этап этой воронки.",
        ["is not your current password."] = "не совпадает с текущим паролем.",
        ["is already taken."] = "уже занят.",
        ["is already in the list."] = "уже есть в списке.",
        ["is already used by another field."] = "уже используется другим полем.",
        ["is already taken by another pipeline."] = "уже есть у другой воронки.",
        ["is already taken by another product."] = "уже есть у другого продукта.",
        ["is already taken by another region."] = "уже есть у другого региона.",
        ["is already taken by another team."] = "уже есть у другой команды.",
        ["is used by another stage of this pipeline."] = "уже есть у другого этапа воронки.",
        ["cannot be changed."] = "изменить нельзя.",
        ["applies to calls only."] = "только для звонков.",
        ["applies to calls, meetings and presales only."] = "только для звонков, встреч и пресейлов.",
        ["is required for a call."] = "обязательно для звонка.",
        ["is required for a call: Outgoing or Incoming."] = "обязательно для звонка: исходящий или входящий.",
        ["is required: say what came of it."] = "обязательно: напишите, чем закончилось.",
        ["is required: send the version you last read."] = "обязательно: версия записи, которую вы видели.",
        ["is too far in the past."] = "слишком давно.",
        ["must not be in the future: log what happened."] = "не может быть в будущем: записывайте то, что уже произошло.",
        ["must not be negative."] = "не может быть отрицательной.",
        ["must be a number."] = "должно быть числом.",
        ["must be an amount of money."] = "должно быть суммой.",
        ["must be a date as yyyy-MM-dd."] = "должно быть датой.",
        ["must be text."] = "должно быть текстом.",
        ["must be true or false."] = "должно быть «да» или «нет».",
        ["must be one of the options."] = "должно быть одним из вариантов.",
        ["must be a user id."] = "должен быть сотрудник.",
        ["must not be empty; send null to clear it."] = "не может быть пустым.",
        ["must be a valid INN: 10 or 12 digits with correct check digits."] = "неверный ИНН: 10 или 12 цифр с правильными контрольными цифрами.",
        ["must be above 0, at most 1000000, with at most 3 decimal places."] = "больше 0, не больше 1 000 000, до 3 знаков после запятой.",
        ["must be between 0 and 100 with at most 2 decimal places."] = "от 0 до 100, до 2 знаков после запятой.",
        ["must be between 0 and 100."] = "от 0 до 100.",
        ["must be between 0 and 86400."] = "от 0 до 86 400 секунд.",
        ["must be between 1 and 3650, or null."] = "от 1 до 3650 или пусто.",
        ["must be between 1 and 3650, or null for no expiry."] = "от 1 до 3650 дней или пусто — бессрочно.",
        ["must be a time zone id such as Europe/Moscow."] = "должен быть часовой пояс вида Europe/Moscow.",
        ["must be an http or https link."] = "должна быть ссылка http или https.",
        ["must be you or one of your people."] = "вы или ваш сотрудник.",
        ["must have a won stage."] = "нужен этап «успешно».",
        ["must have a lost stage."] = "нужен этап «проиграно».",
        ["must have at least one open stage."] = "нужен хотя бы один рабочий этап.",
        ["must list the stages in order."] = "перечислите этапы по порядку.",
        ["must have at most 50 stages."] = "не больше 50 этапов.",
        ["must have at most 100 lines."] = "не больше 100 позиций.",
        ["must have at most 10 numbers."] = "не больше 10 номеров.",
        ["must have at most 10 addresses."] = "не больше 10 адресов.",
        ["must have at most 200 options."] = "не больше 200 вариантов.",
        ["must not contain empty options."] = "пустых вариантов быть не должно.",
        ["must not repeat."] = "не должны повторяться.",
        ["a select list needs at least one option."] = "у списка должен быть хотя бы один вариант.",
        ["only a select list has options."] = "варианты бывают только у списка.",
        ["must start with a latin letter and hold only a-z, 0-9 and '_' (at most 64)."] = "латинская буква в начале, далее a-z, 0-9 и «_» (до 64).",
        ["name the deal, company or contact the activity was with."] = "укажите сделку, компанию или контакт.",
        ["no pipeline exists yet."] = "воронок ещё нет.",
        ["has no open stage."] = "нет рабочего этапа.",
        ["a stage that deals have been in cannot be removed; rename it instead."] = "этап, на котором уже были сделки, удалить нельзя — переименуйте его.",
        ["the field is required by a stage; remove it from the stage first."] = "поле обязательно на этапе — сначала уберите его из этапа.",
        ["the organisation must keep at least one active director."] = "в организации должен остаться хотя бы один активный руководитель.",
        ["the task is already closed."] = "задача уже закрыта.",
        ["the task is already open."] = "задача уже открыта.",
        ["cannot see this deal: assign the owner, their senior, the director or an assistant."] = "не видит эту сделку: назначьте ответственного, его старшего, руководителя или ассистента.",
        ["Only the director may do this."] = "Это может только руководитель отдела.",
        ["This role may not change deals, companies or contacts."] = "Эта роль не может менять сделки, компании и контакты.",
        ["The company has deals, contacts or activities and cannot be deleted."] = "У компании есть сделки, контакты или активности — удалить её нельзя.",
        ["The contact is on deals or activities and cannot be deleted."] = "Контакт участвует в сделках или активностях — удалить его нельзя.",
        ["The pipeline has deals and cannot be deleted."] = "В воронке есть сделки — удалить её нельзя.",
        ["The region is used by deals, companies or users."] = "Регион используется в сделках, компаниях или у сотрудников.",
        ["The team has members; move them to another team first."] = "В команде есть сотрудники — сначала переведите их.",
        ["The field is required by a stage; remove it from the stage first."] = "Поле обязательно на этапе — сначала уберите его из этапа.",
        ["Only sellers with access to the deal may delete its tasks."] = "Удалять задачи сделки могут только продавцы с доступом к ней.",
        ["Only sellers with access to the deal may edit its tasks; the assignee may complete them."] = "Менять задачи сделки могут продавцы с доступом к ней; исполнитель может их выполнить.",
        ["Only the assignee or a seller with access to the deal may change the task's status."] = "Статус задачи меняет исполнитель или продавец с доступом к сделке.",
        ["Only the author, their senior or the director may change an activity."] = "Активность меняет автор, его старший или руководитель.",
    };

    private static readonly (Regex Pattern, string Ru)[] RuPatterns =
    [
        (new Regex(@"^is required to enter the stage '(.+)'\.$"), "обязательно для этапа «$1»."),
        (new Regex(@"^must be at most (\d+) characters\.$"), "не длиннее $1 символов."),
        (new Regex(@"^must be at most (\d+)\.$"), "не больше $1."),
        (new Regex(@"^must have at most (\d+) decimal places\.$"), "не больше $1 знаков после запятой."),
        (new Regex(@"^must have at most (\d+) decimal places and be at most (\d+)\.$"), "не больше $1 знаков после запятой и не больше $2."),
        (new Regex(@"^must be one of: (.+)\.$"), "одно из: $1."),
        (new Regex(@"^'(.+)' is not a deal field .*$"), "«$1» — не поле сделки."),
        (new Regex(@"^Passwords must be at least (\d+) characters\.$"), "Пароль — не короче $1 символов."),
        (new Regex(@"^Username '(.+)' is already taken\.$"), "Логин «$1» уже занят."),
        (new Regex(@"^The stage '(.+)' requires: (.+)\.$"), "Этап «$1» требует: $2."),
    ];

    /// <summary>The reason in the current UI language.</summary>
    public static string Translate(string reason)
    {
        if (CultureInfo.CurrentUICulture.TwoLetterISOLanguageName != "ru") return reason;
        if (Ru.TryGetValue(reason, out var ru)) return ru;
        foreach (var (pattern, template) in RuPatterns)
            if (pattern.IsMatch(reason)) return pattern.Replace(reason, template);
        return reason;
    }

    /// <summary>The field errors of a refusal, each reason in the current UI language.</summary>
    public static IReadOnlyDictionary<string, string[]> Of(ValidationFailedException e) =>
        e.Errors.ToDictionary(kv => kv.Key, kv => kv.Value.Select(Translate).ToArray());
}
