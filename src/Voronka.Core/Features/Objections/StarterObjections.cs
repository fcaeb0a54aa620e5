namespace Voronka.Core.Features.Objections;

/// <summary>The typical questions and objections of a B2B sale, with answers to start from, in Russian and English. The
/// director adds the set once and then edits it to the company's own words.</summary>
public static class StarterObjections
{
    public static IReadOnlyList<(ObjectionKind Kind, string Text, string Answer)>? For(string? language) =>
        language?.Trim().ToLowerInvariant() switch
        {
            "ru" => Ru,
            "en" => En,
            _ => null,
        };

    private const ObjectionKind O = ObjectionKind.Objection;
    private const ObjectionKind Q = ObjectionKind.Question;

    private static readonly (ObjectionKind, string, string)[] Ru =
    [
        (O, "Дорого", "Уточните, с чем клиент сравнивает. Разложите цену на срок и "
            + "результат: «Это N ₽ в месяц, а экономия — M ₽». Предложите вариант "
            + "поменьше, а не скидку."),
        (O, "Нам нужно подумать", "Спросите, что именно осталось решить: цена, "
            + "сроки, согласование? Договоритесь о дате следующего разговора и о "
            + "том, что к ней подготовите."),
        (O, "Пришлите КП на почту", "Согласитесь и спросите, что должно быть в "
            + "предложении, чтобы оно было полезным. Договоритесь о звонке, чтобы "
            + "разобрать КП вместе."),
        (O, "У нас уже есть поставщик", "Не критикуйте текущего поставщика. "
            + "Спросите, что в работе с ним можно улучшить, и предложите небольшой "
            + "пробный заказ для сравнения."),
        (O, "Сейчас нет бюджета", "Узнайте, когда планируется бюджет и кто его "
            + "утверждает. Покажите, сколько стоит отложенное решение, и "
            + "договоритесь вернуться к моменту планирования."),
        (O, "Решение принимаю не я", "Спросите, кто ещё участвует в решении и что "
            + "для них важно. Предложите встречу с ними и материалы, которые "
            + "помогут вашему собеседнику защитить проект."),
        (O, "Не сейчас, позвоните через полгода", "Спросите, что изменится через "
            + "полгода. Предложите короткий шаг сейчас (аудит, расчёт, "
            + "демонстрация), который ни к чему не обязывает."),
        (O, "У конкурентов дешевле", "Попросите показать, что входит в их "
            + "предложение. Сравните по полной стоимости: сроки, гарантия, сервис, "
            + "риски. Назовите два-три отличия, важные именно этому клиенту."),
        (O, "Нас всё устраивает", "Спросите, какие задачи в этой области самые "
            + "трудоёмкие. Поделитесь примером клиента похожего профиля и его "
            + "результатом."),
        (O, "Мы уже пробовали, не сработало", "Узнайте, что именно пробовали и "
            + "почему не получилось. Объясните, чем ваш подход отличается, и "
            + "предложите начать с малого объёма с понятным критерием успеха."),
        (O, "Скиньте скидку — тогда подпишем", "Уточните, единственное ли это "
            + "условие. Скидку меняйте на встречное: объём, срок договора, "
            + "предоплату, отзыв."),
        (O, "Долгие сроки поставки", "Назовите реальные сроки и из чего они "
            + "складываются. Предложите поэтапную поставку или резерв на складе."),
        (Q, "Какие гарантии вы даёте?", "Назовите гарантийный срок, что в него "
            + "входит и как быстро вы реагируете на обращение. Приведите пример "
            + "гарантийного случая и как он был решён."),
        (Q, "Кто у вас уже работает из нашей отрасли?", "Назовите двух-трёх "
            + "клиентов той же отрасли (с их согласия) и их результаты. Предложите "
            + "связаться с одним из них."),
        (Q, "Сколько длится внедрение?", "Опишите этапы и сроки каждого, что "
            + "требуется от клиента и когда будет первый результат."),
        (Q, "Какие условия оплаты?", "Назовите стандартные условия (предоплата, "
            + "отсрочка) и от чего они зависят. Уточните, как принято платить у "
            + "клиента."),
        (Q, "Можно ли попробовать бесплатно?", "Расскажите о пробном периоде или "
            + "демонстрации на данных клиента. Договоритесь о критериях, по "
            + "которым клиент оценит результат."),
        (Q, "Чем вы отличаетесь от конкурентов?", "Назовите три отличия, важные "
            + "для задачи клиента, и подтвердите каждое фактом или примером."),
        (Q, "Что будет, если нас не устроит?", "Объясните порядок расторжения, "
            + "возврата и поддержки при переходе. Спокойный ответ снимает риск в "
            + "глазах клиента."),
        (Q, "Как вы обеспечиваете сохранность наших данных?", "Расскажите, где "
            + "хранятся данные, кто имеет к ним доступ и как это закреплено в "
            + "договоре."),
    ];

    private static readonly (ObjectionKind, string, string)[] En =
    [
        (O, "It's too expensive", "Ask what they compare it with. Break the price down over time and against the result: \"It is N a "
            + "month, and it saves M.\" Offer a smaller option rather than a discount."),
        (O, "We need to think about it", "Ask what is left to decide: price, timing, approval? Agree on the date of the next call and on "
            + "what you will prepare for it."),
        (O, "Just send me a proposal", "Agree, and ask what the proposal must hold to be useful. Book a call to go through it together."),
        (O, "We already have a supplier", "Don't criticise the current supplier. Ask what could work better with them and offer a small "
            + "trial order to compare."),
        (O, "There is no budget right now", "Find out when the budget is planned and who approves it. Show what waiting costs, and agree "
            + "to come back when they plan."),
        (O, "I'm not the one who decides", "Ask who else takes part in the decision and what matters to them. Offer to meet them and give "
            + "your contact what they need to defend the project."),
        (O, "Not now, call me in six months", "Ask what will change in six months. Offer a small step now (an audit, a calculation, a "
            + "demo) that commits them to nothing."),
        (O, "Your competitor is cheaper", "Ask to see what their offer includes. Compare the full cost: timing, warranty, service, risk. "
            + "Name two or three differences that matter to this client."),
        (O, "We're happy with what we have", "Ask which tasks in this area take the most effort. Share the case of a similar client and "
            + "their result."),
        (O, "We tried this before and it didn't work", "Find out what they tried and why it failed. Explain how your approach differs and "
            + "offer a small start with a clear measure of success."),
        (O, "Give us a discount and we'll sign", "Ask whether that is the only condition. Trade a discount for something: volume, contract "
            + "term, prepayment, a reference."),
        (O, "Your lead time is too long", "Give the real lead time and what it is made of. Offer delivery in stages or stock held in "
            + "reserve."),
        (Q, "What guarantees do you give?", "Name the warranty period, what it covers and how fast you respond. Give an example of a "
            + "warranty case and how it was solved."),
        (Q, "Who in our industry already works with you?", "Name two or three clients in the same industry (with their consent) and their "
            + "results. Offer to put them in touch with one."),
        (Q, "How long does the implementation take?", "Describe the stages and how long each takes, what the client must do and when the "
            + "first result comes."),
        (Q, "What are the payment terms?", "Name the standard terms (prepayment, deferred payment) and what they depend on. Ask how the "
            + "client usually pays."),
        (Q, "Can we try it for free?", "Tell them about the trial or a demo on their own data. Agree on how they will judge the result."),
        (Q, "How are you different from your competitors?", "Name three differences that matter for the client's task and back each with a "
            + "fact or an example."),
        (Q, "What if it doesn't work out for us?", "Explain how the contract ends, refunds and the support during a switch. A calm answer "
            + "takes the risk out of it for the client."),
        (Q, "How do you keep our data safe?", "Tell them where the data is kept, who can reach it and how the contract says so."),
    ];
}
