namespace Voronka.Core.Features.Calendar;

/// <summary>An exception to the Monday–Friday rule of the organisation's calendar: a holiday on a weekday or a
/// weekend day that is worked (a moved day off).</summary>
public class CalendarDay
{
    public DateOnly Date { get; set; }
    public bool IsWorking { get; set; }
    public string? Name { get; set; }
}

public enum AbsenceKind
{
    Vacation,
    SickLeave,
    Other,
}

/// <summary>Days a person is away: they count as no working days in that person's plan.</summary>
public class Absence
{
    public int Id { get; set; }
    public int UserId { get; set; }
    public DateOnly From { get; set; }
    public DateOnly To { get; set; }
    public AbsenceKind Kind { get; set; }
    public string? Note { get; set; }
}
