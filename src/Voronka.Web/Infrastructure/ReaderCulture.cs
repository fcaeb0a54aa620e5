using System.Globalization;

namespace Voronka.Web.Infrastructure;

/// <summary>
/// The reader's language and number format, taken when a component starts and put back when it refreshes on its own: a
/// timer's tick or another circuit's signal runs on a thread that does not carry the reader's culture, so without it the
/// refreshed texts, numbers and money would be written in the server's.
/// </summary>
public readonly record struct ReaderCulture(CultureInfo Culture, CultureInfo UiCulture)
{
    public static ReaderCulture Take() => new(CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);

    public void Restore() => (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (Culture, UiCulture);
}
