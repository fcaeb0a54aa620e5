using PhoneNumbers;

namespace Voronka.Core.Features.Contacts;

/// <summary>Brings phones to E.164 and emails to lower case so the same person typed twice is found.</summary>
public static class ContactNormalizer
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    /// <summary>Returns the E.164 form, or null when the text is not a possible phone number.
    /// Numbers without a country code are read as Russian ones.</summary>
    public static string? Phone(string? raw, string defaultRegion = "RU")
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        var text = raw.Trim();
        // A Russian habit: 8 instead of +7 in front of an 11-digit number.
        var digits = new string(text.Where(char.IsDigit).ToArray());
        if (!text.StartsWith('+') && digits.Length == 11 && digits[0] == '8') text = "+7" + digits[1..];
        try
        {
            var number = Phones.Parse(text, defaultRegion);
            return Phones.IsPossibleNumber(number) ? Phones.Format(number, PhoneNumberFormat.E164) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    /// <summary>A number as people read it (<c>+7 916 123-45-67</c>); text that is not a number is returned as it is.</summary>
    public static string Readable(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw) || Phone(raw) is not string e164) return raw ?? "";
        return Phones.Format(Phones.Parse(e164, "RU"), PhoneNumberFormat.INTERNATIONAL);
    }

    /// <summary>Returns the trimmed lower-case address, or null when it is not an email address.</summary>
    public static string? Email(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        var text = raw.Trim().ToLowerInvariant();
        if (text.Length > 254) return null;
        var at = text.IndexOf('@');
        if (at <= 0 || at != text.LastIndexOf('@') || at == text.Length - 1) return null;
        var domain = text[(at + 1)..];
        if (!domain.Contains('.') || domain.StartsWith('.') || domain.EndsWith('.') || text.Any(char.IsWhiteSpace)) return null;
        return text;
    }
}
