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
        ["Only the director sees the sign-ins."] = "Журнал входов видит только руководитель.",
        ["The director and the seniors hold the meetings."] =
            "Совещания проводят руководитель и старшие менеджеры.",
        ["must be your team."] = "должна быть вашей командой.",
        ["must be between 10 and 480."] = "должно быть от 10 до 480.",
        ["is not a day of the week."] = "не день недели.",
        ["is not a series of meetings you see."] = "не серия совещаний, которую вы видите.",
        ["already has a meeting of the series."] = "уже есть совещание этой серии.",
        ["The meeting has already started."] = "Совещание уже началось.",
        ["A meeting starts on its day, not before."] = "Совещание начинается в свой день, не раньше.",
        ["The meeting is not on: notes and decisions are written while it is on."] =
            "Совещание не идёт: заметки и решения записываются, пока оно идёт.",
        ["The meeting has not started: its agenda is built when it starts."] =
            "Совещание ещё не началось: повестка строится при начале.",
        ["must be one of the meeting's people."] = "должен быть участником совещания.",
        ["must not be in the past."] = "не может быть в прошлом.",
        ["Only a meeting that is on can end."] = "Завершить можно только идущее совещание.",
        ["Only who runs the meeting (its owner, the team's senior or the director) does this."] =
            "Это делает ведущий совещания: его владелец, старший команды или "
                + "руководитель.",
        ["can be written while the meeting is on."] = "пишутся, пока идёт совещание.",
        ["can be recorded while the meeting is on."] = "записываются, пока идёт совещание.",
        ["A decision is closed by its owner or by who runs the meeting."] =
            "Решение закрывает его ответственный или ведущий совещания.",
        ["must be a DOCX document for a proposal template."] = "должен быть документом DOCX: это шаблон КП.",
        ["must be an MP4 video."] = "должен быть видео MP4.",
        ["Only the item's owner or the director confirms it."] = "Актуальность подтверждает владелец "
            + "материала или руководитель.",
        ["The director and the seniors keep the arsenal."] = "Арсенал ведут руководитель и старшие "
            + "менеджеры.",
        ["The director, the seniors and the item's owner change it."] =
            "Материал меняют руководитель, старшие менеджеры и его владелец.",
        ["must be a link starting with http:// or https://."] = "должна быть ссылкой, начинающейся с http:// "
            + "или https://.",
        ["is required for a best call."] = "обязателен для лучшего звонка.",
        ["applies only to a best call."] = "указывается только для лучшего звонка.",
        ["cannot change; add a new item instead."] = "не меняется: добавьте новый материал.",
        ["must be between 1 and 730."] = "должно быть от 1 до 730.",
        ["must be script, video, technique, proposalTemplate, bestCall or document."] =
            "должен быть script, video, technique, proposalTemplate, bestCall или document (скрипт, видео, "
                + "техника, шаблон КП, "
                + "лучший звонок, документ).",
        ["must be opened, copied or sent."] = "должно быть opened, copied или sent (открыт, скопирован, "
            + "отправлен).",
        ["is not a deal you see."] = "не сделка, которую вы видите.",
        ["must be a call, a meeting or a presale."] = "должно быть звонком, встречей или "
            + "презентацией.",
        ["is not in the library."] = "нет в библиотеке.",
        ["is not a variant of the objection."] = "не вариант ответа на это возражение.",
        ["cannot be false when a variant is given."] = "не может быть false, когда указан вариант "
            + "ответа.",
        ["is not a review of this call."] = "не разбор этого звонка.",
        ["The director and the seniors keep the library of objections."] =
            "Библиотеку возражений ведут руководитель и старшие менеджеры.",
        ["must be question or objection."] = "должен быть question или objection (вопрос или возражение).",
        ["must hold at most 20 answers."] = "не больше 20 вариантов ответа.",
        ["is already in the library."] = "уже есть в библиотеке.",
        ["must be between 1 and 180."] = "должно быть от 1 до 180.",
        ["must be at most a year before to."] = "не раньше чем за год до конца периода.",
        ["must be ru or en."] = "должен быть ru или en.",
        ["is not a proposal template of the arsenal."] = "не шаблон КП из арсенала.",
        ["has no DOCX attached yet."] = "ещё без файла DOCX.",
        ["must be between 1 and 365."] = "должно быть от 1 до 365.",
        [Core.Features.Proposals.ProposalDocument.NotADocument] = "не читается как документ Word (DOCX).",
        [Core.Features.Files.FileKinds.Allowed] = "должен быть PDF, изображением (PNG, JPEG, GIF, WebP), "
            + "офисным документом, "
            + "архивом ZIP, текстом или CSV, аудиозаписью или видео MP4.",
        ["is not a team; add it in Settings → Team first."] = "нет такой команды: сначала добавьте её в "
            + "Настройках → Команда.",
        ["may hold only latin letters, digits and - . _ @ + (at most 100)."] =
            "может содержать только латинские буквы, цифры и - . _ @ + (не длиннее 100).",
        ["must be manager, senior or assistant; a director is not imported."] =
            "должна быть manager, senior или assistant (менеджер, старший, ассистент); "
                + "директор не импортируется.",
        ["is not a saved mapping."] = "нет такого сохранённого сопоставления.",
        ["must be left out when a mapping is given."] = "не указывается, когда передано "
            + "сопоставление.",
        ["must be a number, as 1500.50."] = "должно быть числом, например 1500.50.",
        ["is not a custom field of deals."] = "нет такого дополнительного поля у сделок.",
        ["is a formula, not a value; save the file with values (Paste Special → Values) and import it again."] =
            "формула, а не значение: сохраните файл со значениями (Специальная "
                + "вставка → Значения) и загрузите снова.",
        ["is in an encoding other than UTF-8, UTF-16, Windows-1251 or KOI8-R; save it as UTF-8."] =
            "в кодировке, отличной от UTF-8, UTF-16, Windows-1251 и KOI8-R: сохраните его в UTF-8.",
        ["is larger than this endpoint takes."] = "больше, чем принимает этот адрес.",
        ["must be import, or left out."] = "может быть только import или не указываться.",
        ["is taken only with a personal token of the import scope."] = "принимается только с личным токеном "
            + "для импорта (scope import).",
        ["must not be in the future."] = "не может быть в будущем.",
        ["must not be before the deal's last stage change."] = "не может быть раньше последней смены "
            + "этапа сделки.",
        ["is not a valid INN (10 or 12 digits with their check "
            + "digits)."] = "не ИНН (10 или 12 цифр с контрольными цифрами).",
        ["is not an e-mail address."] = "не адрес электронной почты.",
        ["must be more than zero."] = "должно быть больше нуля.",
        ["must be a percent from 0 to 100."] = "должно быть процентом от 0 до 100.",
        ["is required, or a company or a contact."] = "обязательно, или компания, или контакт.",
        ["must be call, meeting, proposal, presale, email or note."] =
            "должно быть call, meeting, proposal, presale, email или note (звонок, встреча, КП, "
                + "презентация, письмо, заметка).",
        ["must be a whole number of seconds up to a day."] = "должно быть целым числом секунд, не "
            + "больше суток.",
        ["must be in or out."] = "должно быть in или out (входящий или исходящий).",
        ["must be call, follow_up, send_materials, presentation, meeting or paperwork."] =
            "должно быть call, follow_up, send_materials, presentation, meeting или paperwork.",
        ["The commit stopped before it ended; nothing of it was written."] =
            "Запись прервалась, не закончившись; ничего из неё не записано.",
        ["The rollback stopped before it ended; nothing was rolled "
            + "back."] = "Откат прервался, не закончившись; ничего не откачено.",
        ["is not a custom field of this table."] = "нет такого дополнительного поля у этой "
            + "таблицы.",
        ["is not a user of Voronka; add the person in Settings → Team, or map the name."] =
            "нет такого сотрудника в Воронке; добавьте его в Настройки → Команда "
                + "или сопоставьте имя.",
        ["is held by a deleted deal; restore it or give the row another external_id."] =
            "занят удалённой сделкой; восстановите её или дайте строке другой "
                + "external_id.",
        ["must have a name of at most 260 characters."] = "должен иметь имя не длиннее 260 символов.",
        ["must be from 1 to 500."] = "должно быть от 1 до 500.",
        ["is empty."] = "пуст.",
        ["is not a column of the file's table."] = "нет такой колонки в таблице файла.",
        ["is not the external_id of a deal in the file or in "
            + "Voronka."] = "нет сделки с таким external_id ни в файле, ни в Воронке.",
        ["is not a company of the file or of Voronka (an external_id, an INN or a name)."] =
            "нет такой компании ни в файле, ни в Воронке (external_id, ИНН или название).",
        ["is not the external_id of a contact in the file or in "
            + "Voronka."] = "нет контакта с таким external_id ни в файле, ни в Воронке.",
        ["is not a region."] = "нет такого региона.",
        ["is not a product."] = "нет такого товара.",
        ["is not a parameter of this endpoint."] = "такого параметра у этого запроса нет.",
        ["is not a date (2026-03-01, 01.03.2026 or a spreadsheet "
            + "date)."] = "не дата (2026-03-01, 01.03.2026 или дата в таблице).",
        ["is not a date and time (2026-03-01T14:30:00+03:00, 01.03.2026 14:30 or a spreadsheet date)."] =
            "не дата и время (2026-03-01T14:30:00+03:00, 01.03.2026 14:30 или дата в таблице).",
        ["is not an amount (1234567.89, 1 234 567,89 or 1 234 567,89 "
            + "₽)."] = "не сумма (1234567.89, 1 234 567,89 или 1 234 567,89 ₽).",
        ["is not a number."] = "не число.",
        ["is in the future; history is the past."] = "в будущем, а история — это прошлое.",
        ["is not a pipeline."] = "нет такой воронки.",
        ["is not a user (a login, an e-mail or a full name)."] = "нет такого сотрудника (логин, e-mail или "
            + "полное имя).",
        ["is not a loss reason."] = "нет такой причины проигрыша.",
        ["is not the external_id of a deal in the file."] = "нет сделки с таким external_id в файле.",
        ["is before created_at."] = "раньше даты создания.",
        ["is required for a lost deal."] = "обязательно для проигранной сделки.",
        ["is not the deal's stage, yet it is the last of its "
            + "history."] = "последний этап истории не совпадает с этапом сделки.",
        ["is not yes or no (true/false, 1/0, да/нет, yes/no)."] = "не «да» или «нет» (true/false, 1/0, да/нет, "
            + "yes/no).",
        ["is not an XLSX workbook, a ZIP of CSV files or a CSV file that can be read."] =
            "не читается как книга XLSX, ZIP с файлами CSV или файл CSV.",
        ["must be 1 or more."] = "не меньше 1.",
        ["is already used by another user."] = "уже есть у другого сотрудника.",
        ["The account is deactivated."] = "Учётная запись отключена.",
        ["The organisation is already set up; sign in as its "
            + "director."] = "Организация уже настроена — войдите как её руководитель.",
        ["is required: Director, Senior, Manager or Assistant."] = "обязательно: роль сотрудника.",
        ["must be ru or en."] = "ru или en.",
        ["must be a positive amount with at most 2 decimal "
            + "places."] = "больше нуля, не больше 2 знаков после запятой.",
        ["has an unknown type."] = "неизвестного типа.",
        ["is required: Deal, Company or Contact."] = "обязательно: сделка, компания или контакт.",
        ["must be occurredAt or id."] = "occurredAt или id.",
        ["is required: Call, Meeting, Proposal, Presale, Email or Note."] = "обязательно: тип активности.",
        ["must be dueAt, createdAt or id."] = "dueAt, createdAt или id.",
        ["is required: Call, FollowUp, SendMaterials, Presentation, Meeting or "
            + "Paperwork."] = "обязательно: вид задачи.",
        ["must be open, won or lost."] = "должно быть open, won или lost (в работе, выиграна, "
            + "проиграна).",
        ["must be open, done, cancelled, overdue, today or upcoming."] = "открытые, выполненные, отменённые, "
            + "просроченные, на сегодня или предстоящие.",
        ["must be none or any."] = "none (без задачи) или any (с задачей).",
        ["must not be less than amountMin."] = "не меньше минимальной суммы.",
        ["The deal was changed by someone else. Reload it and apply your change "
            + "again."] = "Сделку уже изменил кто-то другой. Обновите её и повторите "
                + "изменение.",
        ["does not exist."] = "не найдено.",
        ["is not a phone number."] = "не похоже на номер телефона.",
        ["is not an email address."] = "не похоже на адрес email.",
        ["is not a supported currency code."] = "неизвестный код валюты.",
        ["is outside your team."] = "вне вашей команды.",
        ["must be an active user who sells."] = "должен быть активный сотрудник-продавец.",
        ["must be an active user."] = "должен быть активный сотрудник.",
        ["must be an active senior manager."] = "должен быть активный старший менеджер.",
        ["already belongs to another company."] = "уже принадлежит другой компании.",
        ["is already held by another deal."] = "уже есть у другой сделки.",
        ["is already held by another company."] = "уже есть у другой компании.",
        ["is already held by another contact."] = "уже есть у другого контакта.",
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
        ["is required for a call: Outgoing or Incoming."] = "обязательно для звонка: исходящий или "
            + "входящий.",
        ["is required: say what came of it."] = "обязательно: напишите, чем закончилось.",
        ["is required: send the version you last read."] = "обязательно: версия записи, которую вы "
            + "видели.",
        ["is too far in the past."] = "слишком давно.",
        ["must not be in the future: log what happened."] = "не может быть в будущем: записывайте то, "
            + "что уже произошло.",
        ["must not be negative."] = "не может быть отрицательной.",
        ["must be a number."] = "должно быть числом.",
        ["must be an amount of money."] = "должно быть суммой.",
        ["must be a date as yyyy-MM-dd."] = "должно быть датой.",
        ["must be text."] = "должно быть текстом.",
        ["must be true or false."] = "должно быть «да» или «нет».",
        ["must be one of the options."] = "должно быть одним из вариантов.",
        ["must be a user id."] = "должен быть сотрудник.",
        ["must not be empty; send null to clear it."] = "не может быть пустым.",
        ["must be a valid INN: 10 or 12 digits with correct check digits."] = "неверный ИНН: 10 или 12 цифр с "
            + "правильными контрольными цифрами.",
        ["must be above 0, at most 1000000, with at most 3 decimal "
            + "places."] = "больше 0, не больше 1 000 000, до 3 знаков после запятой.",
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
        ["must start with a latin letter and hold only a-z, 0-9 and '_' (at most "
            + "64)."] = "латинская буква в начале, далее a-z, 0-9 и «_» (до 64).",
        ["name the deal, company or contact the activity was "
            + "with."] = "укажите сделку, компанию или контакт.",
        ["no pipeline exists yet."] = "воронок ещё нет.",
        ["has no open stage."] = "нет рабочего этапа.",
        ["a stage that deals have been in cannot be removed; rename it "
            + "instead."] = "этап, на котором уже были сделки, удалить нельзя — "
                + "переименуйте его.",
        ["the field is required by a stage; remove it from the stage "
            + "first."] = "поле обязательно на этапе — сначала уберите его из этапа.",
        ["the organisation must keep at least one active director."] = "в организации должен остаться хотя "
            + "бы один активный руководитель.",
        ["the task is already closed."] = "задача уже закрыта.",
        ["the task is already open."] = "задача уже открыта.",
        ["cannot see this deal: assign the owner, their senior, the director or an assistant, or hand the deal over too."] =
            "не видит эту сделку: назначьте ответственного, его старшего, "
            + "руководителя или ассистента — или передайте и сделку.",
        ["Only the director may do this."] = "Это может только руководитель отдела.",
        ["This role may not change deals, companies or "
            + "contacts."] = "Эта роль не может менять сделки, компании и контакты.",
        ["The company has deals, contacts or activities and cannot be "
            + "deleted."] = "У компании есть сделки, контакты или активности — удалить "
                + "её нельзя.",
        ["The contact is on deals or activities and cannot be deleted."] = "Контакт участвует в сделках или "
            + "активностях — удалить его нельзя.",
        ["The pipeline has deals and cannot be deleted."] = "В воронке есть сделки — удалить её нельзя.",
        ["The region is used by deals, companies or users."] = "Регион используется в сделках, "
            + "компаниях или у сотрудников.",
        ["The team has members; move them to another team "
            + "first."] = "В команде есть сотрудники — сначала переведите их.",
        ["The field is required by a stage; remove it from the stage "
            + "first."] = "Поле обязательно на этапе — сначала уберите его из этапа.",
        ["Only sellers with access to the deal may delete its tasks."] = "Удалять задачи сделки могут только "
            + "продавцы с доступом к ней.",
        ["Only sellers with access to the deal may edit its tasks; the assignee may complete "
            + "them."] = "Менять задачи сделки могут продавцы с доступом к ней; "
                + "исполнитель может их выполнить.",
        ["Only the assignee or a seller with access to the deal may change the task's "
            + "status."] = "Статус задачи меняет исполнитель или продавец с доступом к "
                + "сделке.",
        ["Only the author, their senior or the director may change an "
            + "activity."] = "Активность меняет автор, его старший или руководитель.",
        ["must be between 2000 and 2100."] = "год от 2000 до 2100.",
        ["a weekday is a working day already."] = "будний день и так рабочий.",
        ["a weekend day is a day off already."] = "выходной и так нерабочий.",
        ["Only the director, or the senior of the team, may keep absences."] = "Отсутствия ведёт руководитель "
            + "отдела или старший менеджер команды.",
        ["must not be before from."] = "не раньше начала периода.",
        ["is not a known user."] = "нет такого сотрудника.",
        ["the range may span at most two years."] = "период не длиннее двух лет.",
        ["the period may span at most a year."] = "период не длиннее года.",
        ["an absence may last at most a year."] = "отсутствие не длиннее года.",
        ["overlaps another absence of this person."] = "пересекается с другим отсутствием "
            + "сотрудника.",
        ["a year starts on 1 January."] = "год начинается 1 января.",
        ["a quarter starts on 1 January, April, July or "
            + "October."] = "квартал начинается 1 января, апреля, июля или октября.",
        ["a month starts on its first day."] = "месяц начинается с первого числа.",
        ["a week starts on Monday."] = "неделя начинается с понедельника.",
        ["is required for this scope."] = "обязательно для этого уровня цели.",
        ["the organisation has no subject id."] = "у цели организации нет объекта.",
        ["must not be negative."] = "не может быть отрицательным.",
        ["is not a user who sells."] = "не продавец.",
        ["is not a part of the goal's period."] = "не входит в период цели.",
        ["is not one of the candidates of this split."] = "не участвует в этой разбивке.",
        ["appears twice."] = "указано дважды.",
        ["there is nothing to split into."] = "не на что разбивать.",
        ["only a year splits into quarters."] = "на кварталы разбивается только год.",
        ["only a year or a quarter splits into months."] = "на месяцы разбивается только год или "
            + "квартал.",
        ["the organisation's or a team's goal splits among "
            + "managers."] = "по менеджерам разбивается цель организации или команды.",
        ["only the organisation's goal splits among teams, regions or products."] = "по командам, регионам и "
            + "продуктам разбивается только цель организации.",
        ["past share divides among people, regions or products; months and quarters follow seasonality."] = "доля прошлых "
            + "продаж делит между людьми, регионами и продуктами; месяцы и "
                + "кварталы — по сезонности.",
        ["seasonality divides a period into months or "
            + "quarters."] = "сезонность делит период на месяцы или кварталы.",
        ["working days divide among people, teams or periods."] = "рабочие дни делят между людьми, "
            + "командами или периодами.",
        ["Only the director, or the senior for the people of the team, may change "
            + "goals."] = "Цели меняет руководитель отдела или старший менеджер для "
                + "людей своей команды.",
        ["Only the director, or the senior for the team's goal, may split goals."] = "Разбивает цели руководитель "
            + "отдела или старший менеджер для цели своей команды.",
        ["Plans are for the people who sell."] = "Планы — для тех, кто продаёт.",
        ["The goal was changed by someone else. Reload it and apply your change "
            + "again."] = "Цель уже изменил кто-то другой. Обновите её и повторите "
                + "изменение.",
        ["A goal for this subject and period was just set by someone else. Reload and try "
            + "again."] = "Цель на этот период только что задал кто-то другой. Обновите "
                + "страницу и повторите.",
        ["give at most one of userId, teamId, regionId and productId."] = "укажите не более одного: "
            + "сотрудник, команда, регион или продукт.",
        ["must be between 3 and 36."] = "от 3 до 36.",
        ["must be manager, team, region, product, company, month or "
            + "quarter."] = "менеджер, команда, регион, продукт, компания, месяц или "
                + "квартал.",
        ["is not a known pipeline."] = "нет такой воронки.",
        ["is not a known stage."] = "нет такого этапа.",
        ["there is no pipeline yet."] = "воронок ещё нет.",
        ["must be an open stage of the main pipeline."] = "должен быть открытым этапом основной "
            + "воронки.",
        ["is only for stage conversion."] = "только для конверсии этапа.",
        ["is not a seller whose plans you keep."] = "не продавец, чьи планы вы ведёте.",
        ["must be between 0 and 1 000 000 000 000."] = "от 0 до 1 000 000 000 000.",
        ["a percentage is at most 100."] = "процент не больше 100.",
        ["is needed for stage conversion only."] = "нужен только для конверсии этапа.",
        ["Only the director, or the senior for the team, may set plans."] = "Планы задаёт руководитель отдела "
            + "или старший менеджер для своей команды.",
        ["must be between 0 and 1000."] = "от 0 до 1000.",
        ["must be between 0 and 10."] = "от 0 до 10.",
        ["bonus schemes are for managers and seniors."] = "схемы премий — для менеджеров и старших "
            + "менеджеров.",
        ["revenue is the base; stage conversion cannot be a multiplier."] = "выручка — основа премии; "
            + "конверсия этапа не может быть множителем.",
        ["The bonus scheme was changed by someone else. Reload it and apply your change "
            + "again."] = "Схему премии уже изменил кто-то другой. Обновите её и "
                + "повторите изменение.",
        ["must be cohort or flow."] = "cohort (когорта) или flow (поток).",
        ["Reports are for the people who sell and lead."] = "Отчёты — для тех, кто продаёт и руководит.",
        ["This subject already has a goal for the period; edit that goal "
            + "instead."] = "У этого объекта уже есть цель на этот период — измените её.",
        ["Some of these already have a goal for the period under another goal; edit those goals, or delete them "
            + "first."] = "У некоторых уже есть цель на этот период в другой разбивке — "
                + "измените или удалите те цели.",
        ["Only the director sees the plan of the whole "
            + "organisation."] = "План всей организации видит только руководитель отдела.",
        ["must be between 2000-01-01 and 2100-12-31."] = "дата от 2000-01-01 до 2100-12-31.",
        ["is not one of the allowed values."] = "недопустимое значение.",
        ["The bottleneck finder compares people: it is for the director and seniors."] = "Поиск узких мест "
            + "сравнивает сотрудников: он для руководителя отдела и старших "
                + "менеджеров.",
        ["must be day, week or month."] = "день, неделя или месяц.",
        ["at most 100 buckets: choose a shorter period or a longer bucket."] = "не больше 100 интервалов: "
            + "сократите период или укрупните интервал.",
        ["must be between 1 and 100."] = "от 1 до 100.",
        ["is required: send the calendar's XML."] = "обязательно: выберите XML-файл "
            + "производственного календаря.",
        ["is required: send the XML in the form field "
            + "'file'."] = "обязательно: передайте XML в поле формы file.",
        ["the root element must be <calendar>."] = "корневой элемент должен быть <calendar>.",
        ["the year attribute of <calendar> must be a year between 2000 and 2100."] =
            "атрибут year элемента <calendar> — год от 2000 до 2100.",
        ["the calendar has no <days> element."] = "в календаре нет элемента <days>.",
        ["is required (MM.DD)."] = "обязательно (ММ.ДД).",
        ["is required (1 day off, 2 shortened day, 3 worked weekend day)."] =
            "обязательно (1 — выходной, 2 — сокращённый день, 3 — рабочий "
                + "выходной).",
        ["is not an open deal you see."] = "не открытая сделка из тех, что вам видны.",
        ["The rule was changed by someone else. Reload it and apply your change again."] =
            "Правило уже изменил кто-то другой. Обновите его и повторите "
                + "изменение.",
        ["is required: roundRobin, weighted, leastLoaded or byResults."] =
            "обязательно: по кругу (roundRobin), по весам (weighted), наименее загруженному "
                + "(leastLoaded) или по результатам (byResults).",
        ["name a team or people, one of the two."] = "укажите команду или людей — что-то одно.",
        ["is given with hourFrom, or both are left out."] = "указывается вместе с hourFrom или оба не "
            + "указываются.",
        ["must be an hour from 0 to 23."] = "час от 0 до 23.",
        ["must be an hour from 0 to 24."] = "час от 0 до 24.",
        ["must be between 1 and 10080 (a week)."] = "от 1 до 10080 (неделя).",
        ["must be between 0 and 20."] = "от 0 до 20.",
        ["must all be managers or seniors."] = "должны быть менеджерами или старшими "
            + "менеджерами.",
        ["weights must be between 0 and 1000."] = "веса — от 0 до 1000.",
        ["is required: spam, duplicate, notOurClient or other."] =
            "обязательна: спам (spam), дубль (duplicate), не наш клиент (notOurClient) или другое "
                + "(other).",
        ["Only the director or a senior gives leads by hand."] = "Вручную заявки передаёт руководитель "
            + "отдела или старший менеджер.",
        ["is not an active seller you lead."] = "не действующий продавец из тех, кем вы "
            + "руководите.",
        ["The lead was changed by someone else. Reload it and try "
            + "again."] = "Заявку уже изменил кто-то другой. Обновите её и повторите.",
        ["a phone or an e-mail is required."] = "нужен телефон или e-mail.",
        ["name the notifications, or send all."] = "укажите уведомления или отметьте все.",
        ["must name at most 1000."] = "не больше 1000.",
        ["name at least one kind."] = "укажите хотя бы одно событие.",
        ["name each kind once."] = "каждое событие — один раз.",
        ["must be -1 (up) or 1 (down)."] = "−1 (выше) или 1 (ниже).",
        ["has no table of leads."] = "в файле нет таблицы заявок.",
        ["needs a column «Телефон» (phone) or «E-mail» (email)."] =
            "нужна колонка «Телефон» или «E-mail».",
        ["has no leads under its header."] = "под заголовком нет ни одной заявки.",
        ["has more than 1000 leads; split it."] = "больше 1000 заявок: разделите файл.",
        ["Only the director or a senior imports leads."] =
            "Загружают заявки руководитель отдела и старшие.",
        ["is not an e-mail message (RFC 822)."] = "это не письмо (RFC 822).",
        ["is an automatic reply (Auto-Submitted), not a lead."] = "автоответ (Auto-Submitted), а не заявка.",
        ["is required: the sender's address."] = "нужен адрес отправителя.",
        ["is required: the e-mail as it came (RFC 822)."] = "нужно письмо целиком (RFC 822).",
        ["is required: the lead to merge into."] = "укажите заявку, с которой объединить.",
        ["must be another lead."] = "должна быть другая заявка.",
        ["is closed: merge into a lead in work."] = "закрыта: объединяйте с заявкой в работе.",
        ["must be between 1 and 200."] = "от 1 до 200.",
        ["must be between 1 and 500."] = "от 1 до 500.",
        ["The merge is undone already."] = "Слияние уже отменено.",
        ["The kept record was merged again since; undo that merge first."] =
            "Оставленная запись с тех пор влита в другую; "
            + "сначала отмените то слияние.",
        ["is required: Company or Contact."] = "обязательно: Company или Contact.",
        ["must be another record than keepId."] = "должна быть другой записью, чем keepId.",
        ["is not a record of this kind."] = "нет такой записи этого вида.",
        ["has another INN: two legal entities are not one client."] =
            "другой ИНН: два юрлица — не один клиент.",
        ["The fair share compares people: it is for the director and seniors."] =
            "Справедливая доля сравнивает сотрудников: она для руководителя "
                + "отдела и старших менеджеров.",
        ["the range may span at most a year."] = "период не длиннее года.",
        ["must be between 1 and 1000, or left out for no limit."] = "от 1 до 1000 или не указывается, если без "
            + "ограничения.",
        ["is given with workFrom, or both are left out."] = "указывается вместе с workFrom или оба не "
            + "указываются.",
        ["must be after workFrom."] = "позже начала рабочего дня (workFrom).",
        ["must be in the next 30 days, or left out to resume."] = "в ближайшие 30 дней или не указывается, "
            + "чтобы снять паузу.",
        ["Only the director or a senior sees the team's capacity."] =
            "Нагрузку команды видят руководитель и старшие.",
        ["Only the director or a senior sets capacity."] = "Нагрузку задаёт руководитель отдела или "
            + "старший менеджер.",
        ["A person pauses only themselves."] = "Поставить на паузу можно только себя.",
        ["The capacity was changed by someone else. Reload it and apply your change again."] =
            "Нагрузку уже изменил кто-то другой. Обновите её и повторите "
                + "изменение.",
        ["must be form fields or a JSON object."] = "должно быть полями формы или объектом JSON.",
        ["must be a JSON object."] = "должно быть объектом JSON.",
        ["is required: the PBX's own secret (Zadarma's API secret, Mango Office's salt, MegaFon's token)."] =
            "обязательно: секрет самой АТС (API-секрет Zadarma, соль Mango Office, "
                + "токен МегаФона).",
        ["is required for Mango Office: its VPBX API key."] = "обязательно для Mango Office: ключ API ВАТС.",
        ["must be an http or https link of at most 1000 characters."] =
            "должна быть ссылка http или https не длиннее 1000 символов.",
        ["must hold at most 2000 extensions."] = "не больше 2000 внутренних номеров.",
        ["is given twice."] = "указан дважды.",
        ["has no client's number to make a lead of."] =
            "нет номера клиента, из которого сделать заявку.",
        ["The request is not signed with this integration's secret."] =
            "Запрос не подписан секретом этой интеграции.",
        ["is required: ringing, answered, ended or recording."] = "обязательно: ringing, answered, ended или recording.",
        ["must be ringing, answered, ended or recording."] = "должно быть ringing, answered, ended или recording.",
        ["must be in, out or internal."] = "должно быть in, out или internal.",
        ["is required for a recording."] = "обязательна для записи разговора.",
        ["must not be before startedAt."] = "не раньше startedAt.",
        ["must be Mango Office's event in JSON."] = "должно быть событием Mango Office в JSON.",
        ["The key leaves the store."] = "Ключ ведёт за пределы хранилища.",
        ["must be between 1 and 3650 days, or 0 to keep recordings."] =
            "от 1 до 3650 дней или 0 — хранить всегда.",
        ["The PBX gave something that is not an audio recording."] =
            "АТС отдала не аудиозапись.",
        ["Only the author, their senior or the director may add a recording to a call."] =
            "Запись к звонку добавляет автор, его старший или руководитель.",
        ["must be a call."] = "должна быть звонком.",
        ["must be a phone number."] = "должен быть номером телефона.",
        ["The scorecard has no draft to publish; edit it first."] =
            "У чек-листа нет черновика: сначала измените его.",
        ["is not a stage of the pipeline."] = "не этап этой воронки.",
        ["is required: YesNo, Scale or Choice."] = "обязательно: YesNo, Scale или Choice.",
        ["must be between 1 and 10."] = "от 1 до 10.",
        ["must hold 2 to 10 choices."] = "от 2 до 10 вариантов.",
        ["must each have a label of at most 100 characters and a score from 0 to 100."] =
            "у каждого варианта — название до 100 символов и стоимость от 0 до 100.",
        ["is not a call you see."] = "не звонок, который вам виден.",
        ["must be an active scorecard with a published revision."] =
            "должен быть действующий опубликованный чек-лист.",
        ["The director reviews anyone's calls, a senior the team's, a manager their own."] =
            "Руководитель оценивает любые звонки, старший — своей команды, "
                + "менеджер — свои.",
        ["must answer each question once."] = "на каждый вопрос — один ответ.",
        ["Only the reviewer comments on a draft."] = "Черновик комментирует только проверяющий.",
        ["Only the reviewer changes a review."] = "Оценку меняет только проверяющий.",
        ["The review is released; it no longer changes."] = "Оценка опубликована и больше не меняется.",
        ["is not a question of the review's scorecard."] = "не вопрос чек-листа этой оценки.",
        ["is not allowed for this question."] = "для этого вопроса не допускается.",
        ["must be left out when the question is N/A."] = "не указывается, когда вопрос неприменим.",
        ["must be 1 (yes) or 0 (no)."] = "1 (да) или 0 (нет).",
        ["must be a mark from 1 to 5."] = "оценка от 1 до 5.",
        ["must be the director or an active senior."] =
            "руководитель или действующий старший менеджер.",
        ["must be between 0 and 50."] = "от 0 до 50.",
        ["The review statistics are the director's and the seniors'."] =
            "Статистика оценок — у руководителя и старших.",
        ["must be between 1 and 365."] = "от 1 до 365.",
        ["The director and the seniors keep the best calls."] =
            "Лучшие звонки ведут руководитель и старшие.",
        ["must be between 1 and 86400."] = "от 1 до 86400.",
        ["must be after fromSecond."] = "позже fromSecond.",
        ["is required: no active scorecard applies to this call."] =
            "обязателен: к этому звонку не подходит ни один действующий чек-лист.",
        ["Only the director or whoever added it takes a call out of the library."] =
            "Убрать звонок из библиотеки может руководитель или тот, "
                + "кто его добавил.",
        ["must name each reviewer once."] = "каждый проверяющий — один раз.",
        ["The review routine is the director's and the seniors'."] =
            "План оценки звонков — у руководителя и старших.",
        ["You have no extension on a phone system that places calls; the director gives one in Settings → Telephony."] =
            "У вас нет внутреннего номера в АТС для звонков; "
                + "его даёт руководитель в Настройках → Телефония.",
        ["The phone system did not answer; the call was not placed."] = "АТС не ответила; звонок не начат.",
        ["must be an audio recording: MP3, WAV, OGG, M4A or WebM."] =
            "должна быть аудиозаписью: MP3, WAV, OGG, M4A или WebM.",
        ["The call has the phone system's recording; it is not replaced by hand."] =
            "У звонка есть запись из АТС; вручную она не заменяется.",
        ["No speech-to-text model is configured: set Transcription:ModelPath to a Whisper model file (ggml)."] =
            "Модель распознавания речи не настроена: укажите файл модели Whisper "
                + "(ggml) в Transcription:ModelPath.",
        ["No speech-to-text model is configured."] = "Модель распознавания речи не настроена.",
        ["must have at least 2 letters."] = "не короче 2 букв.",
        ["Failed to load the whisper model."] = "Не удалось загрузить модель Whisper.",
        ["The automation was changed by someone else. Reload it."] =
            "Автоматизацию изменил кто-то другой. Обновите страницу.",
        ["is required: enter or idle."] = "обязательно: при входе или при простое.",
        ["must be from 1 to 365 days."] = "должно быть от 1 до 365 дней.",
        ["is only for the idle trigger."] = "задаётся только для простоя в этапе.",
        ["is required: owner, senior or person."] =
            "обязательно: ответственный, старший или сотрудник.",
        ["is required for a chosen person."] = "обязательно, когда выбран сотрудник.",
        ["must be from 0 to 1000."] = "должно быть от 0 до 1000.",
        ["must be another stage."] = "должен быть другой этап.",
        ["must be a text of 1 to 100 characters."] = "должно быть текстом от 1 до 100 символов.",
        ["The person the automation names is deactivated."] =
            "Сотрудник, указанный в автоматизации, отключён.",
        ["The stage to move to no longer exists."] = "Этапа, в который нужно перевести, больше нет.",
        ["The stage to move to is in another pipeline."] = "Этап для перехода — в другой воронке.",
        ["There is no active director."] = "Нет активного руководителя.",
        ["must be source or an active custom deal field (custom.{key})."] =
            "должно быть «source» или активное доп. поле сделки (custom.{key}).",
        ["must be a stage of the same pipeline."] = "должен быть этапом той же воронки.",
        ["is required: source or custom.{key}."] = "обязательно: source или custom.{key}.",
        ["is required: createTask, notify, setField, moveStage or createRequest."] =
            "обязательно: задача, уведомление, поле, переход или поручение.",
        ["is not an active request type."] = "не действующий вид поручения.",
        ["The request type of the automation is switched off."] =
            "Вид поручения в автоматизации отключён.",
        ["Only the director or a senior sees the team's workload."] =
            "Нагрузку команды видят руководитель и старший менеджер.",
        ["must name from 1 to 500 tasks."] = "должно называть от 1 до 500 задач.",
        ["is required: reassign, postpone, complete or cancel."] =
            "обязательно: передать, перенести, выполнить или отменить.",
        ["is required to reassign."] = "обязательно, чтобы передать задачи.",
        ["must be from -365 to 365, not 0."] = "должно быть от -365 до 365, не 0.",
        ["is taken by another request type."] = "занято другим видом поручения.",
        ["must be from 1 to 1000 working hours."] = "должно быть от 1 до 1000 рабочих часов.",
        ["must be from 0 to 6000."] = "должно быть от 0 до 6000.",
        ["is required: who does these requests."] = "обязательно: кто выполняет такие поручения.",
        ["must be another person than the assignee."] =
            "должен быть другим сотрудником, не исполнителем.",
        ["must be latin lower-case letters, digits or _ starting with a letter (at most 50)."] =
            "латинские строчные буквы, цифры или _, с буквы (не длиннее 50).",
        ["must have different keys."] = "ключи должны различаться.",
        ["is required: say what to fix."] = "обязательно: напишите, что исправить.",
        ["Only the requester or a seller of the deal may do this."] =
            "Это может автор поручения или продавец сделки.",
        ["is not a field of this request."] = "нет такого поля в поручении.",
        ["must be a date (yyyy-MM-dd)."] = "должно быть датой (гггг-ММ-дд).",
        ["Only the request's assistant, their deputy or the director may do this."] =
            "Это может ассистент поручения, его заместитель или руководитель.",
        ["give either days to move the due time by, or dueAt."] = "укажите либо дни сдвига срока, либо dueAt.",
        ["may hold at most 30 fields."] = "не больше 30 полей.",
        ["may hold at most 5 steps."] = "не больше 5 ступеней.",
        ["steps come from 0 to 1000 working hours after the due time."] =
            "ступени — от 0 до 1000 рабочих часов после срока.",
        ["steps must be in growing hours."] = "ступени должны идти по возрастанию часов.",
        ["names the deputy, who is not set."] = "называет заместителя, который не задан.",
        ["names a stage that does not exist."] = "называет несуществующий этап.",
        ["is required: dealId."] = "обязательно: dealId.",
        ["The back office's report is for the director, the seniors and the assistants."] =
            "Отчёт по поручениям — для руководителя, старших менеджеров "
            + "и ассистентов.",
    };

    private static readonly (Regex Pattern, string Ru)[] RuPatterns =
    [
        (new Regex(@"^is required to enter the stage '(.+)'\.$"), "обязательно для этапа «$1»."),
        (new Regex(@"^must be at most (\d+) characters\.$"), "не длиннее $1 символов."),
        (new Regex(@"^has a table of (\d+) columns; at most (\d+) are read\.$"), "содержит таблицу из $1 "
            + "столбцов; читается не больше $2."),
        (new Regex(@"^has a cell longer than (\d+) characters\.$"), "содержит ячейку длиннее $1 символов."),
        (new Regex(@"^is given to another row of the file \(row (\d+)\)\.$"), "уже указан в другой строке файла "
            + "(строка $1)."),
        (new Regex(@"^does not agree with the stage '(.+)'\.$"), "не согласуется с этапом «$1»."),
        (new Regex(@"^is not a stage of the pipeline '(.+)'; map it to one\.$"), "не этап воронки «$1»: "
            + "сопоставьте его с этапом."),
        (new Regex(@"^must be at most (\d+)\.$"), "не больше $1."),
        (new Regex(@"^'(.+)' is not a field to take \(fields: (.+)\)\.$"),
            "«$1» — не поле для переноса (поля: $2)."),
        (new Regex(@"^must have at most (\d+) decimal places\.$"), "не больше $1 знаков после запятой."),
        (new Regex(@"^must have at most (\d+) decimal places and be at most (\d+)\.$"), "не больше $1 знаков после "
            + "запятой и не больше $2."),
        (new Regex(@"^must be one of: (.+)\.$"), "одно из: $1."),
        (new Regex(@"^'(.+)' is not a deal field .*$"), "«$1» — не поле сделки."),
        (new Regex(@"^Passwords must be at least (\d+) characters\.$"), "Пароль — не короче $1 символов."),
        (new Regex(@"^Username '(.+)' is already taken\.$"), "Логин «$1» уже занят."),
        (new Regex(@"^The stage '(.+)' requires: (.+)\.$"), "Этап «$1» требует: $2."),
        (new Regex(@"^must be at most (\d+) KB\.$"), "не больше $1 КБ."),
        (new Regex(@"^is larger than (\d+) MB, the most this endpoint takes\.$"), "больше $1 МБ — предела для "
            + "этого адреса."),
        (new Regex(@"^is larger than (\d+) KB, the most this endpoint takes\.$"), "больше $1 КБ — предела для "
            + "этого адреса."),
        (new Regex(@"^is not well-formed XML: (.+)$"), "не является корректным XML: $1"),
        (new Regex(@"^a year has at most (\d+) days\.$"), "в году не больше $1 дней."),
        (new Regex(@"^has an unknown field (\{\{.+\}\})\.$"), "содержит неизвестное поле $1."),
        (new Regex(@"^has the field (\{\{.+\}\}) outside a table row\.$"),
            "содержит поле $1 вне строки таблицы."),
        (new Regex(@"^has a field that is not closed: '(.+)'\.$"), "содержит незакрытое поле: «$1»."),
        (new Regex(@"^'(.*)' is used by another holiday\.$"), "«$1» уже есть у другого праздника."),
        (new Regex(@"^'(.*)' is not a date of (\d+) written as MM\.DD\.$"), "«$1» — не дата $2 года в виде ММ.ДД."),
        (new Regex(@"^'(.*)' is not 1 \(day off\), 2 \(shortened day\) or 3 \(worked weekend day\)\.$"),
            "«$1» — не 1 (выходной), 2 (сокращённый день) и не 3 (рабочий выходной)."),
        (new Regex(@"^'(.*)' is not the id of a holiday of this file\.$"), "«$1» — нет такого праздника в "
            + "файле."),
        (new Regex(@"^(\S+) is a weekday: only a Saturday or Sunday can be a worked weekend day .*$"),
            "$1 — будний день: рабочим выходным (t=\"3\") может быть только суббота "
                + "или воскресенье."),
        (new Regex(@"^(\S+) is named twice\.$"), "$1 указан дважды."),
        (new Regex(@"^is already held by deal (\d+) '(.*)', which was deleted\.$"), "уже есть у удалённой сделки $1 "
            + "«$2»."),
        (new Regex(@"^is already held by deal (\d+) '(.*)'\.$"), "уже есть у сделки $1 «$2»."),
        (new Regex(@"^is already held by company (\d+) '(.*)'\.$"), "уже есть у компании $1 «$2»."),
        (new Regex(@"^is already held by contact (\d+) '(.*)'\.$"), "уже есть у контакта $1 «$2»."),
        (new Regex(@"^The lead is (\w+); only a waiting one can be taken\.$"), "Заявка уже не ждёт ($1): взять "
            + "можно только ожидающую."),
        (new Regex(@"^The lead is (\w+); only a waiting one can be rejected\.$"),
            "Заявка уже не ждёт ($1): отклонить можно только ожидающую."),
        (new Regex(@"^The lead is (\w+); only a waiting one can be given\.$"), "Заявка уже не ждёт ($1): передать "
            + "можно только ожидающую."),
        (new Regex(@"^must hold (\d+) to (\d+) events\.$"), "от $1 до $2 событий."),
        (new Regex(@"^must hold at most (\d+) extensions\.$"), "не больше $1 внутренних номеров."),
        (new Regex(@"^must hold extensions of 1 to (\d+) characters\.$"),
            "внутренние номера — от 1 до $1 символов."),
        (new Regex(@"^must be at most (\d+) bytes\.$"), "не больше $1 байт."),
        (new Regex(@"^must be at most (\d+) MB\.$"), "не больше $1 МБ."),
        (new Regex(@"^must hold 1 to (\d+) questions\.$"), "от 1 до $1 вопросов."),
        (new Regex(@"^must be the number of a choice, 0 to (\d+)\.$"), "номер варианта, от 0 до $1."),
        (new Regex(@"^needs an answer or N/A\.$"), "нужен ответ или «неприменимо»."),
        (new Regex(@"^needs an answer\.$"), "нужен ответ."),
        (new Regex(@"^The phone system did not take the call: it answered (\d+)\.$"),
            "АТС не приняла звонок: ответ $1."),
        (new Regex(@"^The lead is (\w+); only a waiting one can be merged\.$"),
            "Заявка уже не ждёт ($1): объединить можно только ожидающую."),
        (new Regex(@"^The speech-to-text model file (.+) is not found\.$"), "Файл модели распознавания речи "
            + "$1 не найден."),
        (new Regex(@"^Recordings of type (.+) are not transcribed; MP3 and WAV are\.$"),
            "Записи типа $1 не расшифровываются; расшифровываются MP3 и WAV."),
        (new Regex(@"^A recording with (\d+) channels is not transcribed\.$"), "Запись с $1 каналами не "
            + "расшифровывается."),
        (new Regex(@"^A recording longer than (\d+) hours is not transcribed\.$"), "Запись длиннее $1 ч не "
            + "расшифровывается."),
        (new Regex(@"^Automations moved this deal (\d+) times in a row: the chain stops here\.$"),
            "Автоматизации перевели сделку $1 раз подряд: цепочка остановлена."),
        (new Regex(@"^The field '(.+)' is not known\.$"), "Поле «$1» неизвестно."),
        (new Regex(@"^needs the request (.+) done to enter the stage '(.+)'\.$"),
            "нужно выполненное поручение $1, чтобы войти в этап «$2»."),
        (new Regex(@"^The stage '(.+)' needs the request (.+) done first\.$"),
            "Этапу «$1» сначала нужно выполненное поручение $2."),
        (new Regex(@"^The request is (\w+): this cannot be done to it now\.$"),
            "Поручение сейчас в состоянии «$1»: это действие недоступно."),
        (new Regex(@"^not found: (.+)\.$"), "не найдены: $1."),
        (new Regex(@"^already closed: (.+)\.$"), "уже закрыты: $1."),
        (new Regex(@"^Only sellers with access to the deal may change these tasks: (.+)\.$"),
            "Эти задачи могут менять только продавцы с доступом к сделке: $1."),
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
