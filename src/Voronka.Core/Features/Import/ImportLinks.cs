using static Voronka.Core.Features.Import.ImportRules;

namespace Voronka.Core.Features.Import;

/// <summary>
/// Resolves a row's links to companies and contacts: to those of the file (a company by its external_id, INN or exact
/// name), else to Voronka's. A file without a companies table — a deals export of another CRM — names companies by
/// name only: one Voronka lacks is created from the name. Likewise a file without a contacts table names a deal's
/// contact by name: it is found among the company's contacts, or created.
/// </summary>
internal sealed class ImportLinks
{
    /// <summary>Keys of the records made from a name begin with this character, which no file's key does.</summary>
    public const char Made = '\u0001';

    private readonly ImportCatalog _c;
    private readonly ImportPlan _plan;
    private readonly bool _makeCompanies, _makeContacts;
    private readonly Dictionary<string, (CompanyRow Row, int? ExistingId)> _companies = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _byInn = [];
    private readonly Dictionary<string, List<string>> _byName = [];
    private readonly Dictionary<string, int?> _contacts = new(StringComparer.Ordinal);

    public ImportLinks(ImportCatalog c, ImportPlan plan, bool makeCompanies, bool makeContacts)
    {
        (_c, _plan, _makeCompanies, _makeContacts) = (c, plan, makeCompanies, makeContacts);
        foreach (var x in plan.Companies) Index(x);
    }

    public void AddContacts(IEnumerable<ContactRow> contacts)
    {
        foreach (var x in contacts) _contacts[x.ExternalId] = x.ExistingId;
    }

    private void Index((CompanyRow Row, int? ExistingId) x)
    {
        _companies[x.Row.ExternalId] = x;
        if (x.Row.Inn is not null) _byInn.TryAdd(x.Row.Inn, x.Row.ExternalId);
        var name = x.Row.Name.Trim().ToLowerInvariant();
        if (!_byName.TryGetValue(name, out var keys)) _byName[name] = keys = [];
        keys.Add(x.Row.ExternalId);
    }

    // A company of the file that Voronka already holds is linked to as held, so that the same file again changes nothing.
    private RecordRef Of(string key) => _companies[key].ExistingId is int id ? RecordRef.Held(id) : RecordRef.New(key);

    public bool Company(string? key, string table, int row, int owner, out RecordRef? found)
    {
        found = null;
        if (key is null) return true;
        var inn = Companies.Inn.Normalize(key);
        var name = key.Trim().ToLowerInvariant();
        if (_companies.ContainsKey(key)) found = Of(key);
        else if (_c.CompanyId(key) is int id) found = RecordRef.Held(id);
        else if (inn is not null && _byInn.TryGetValue(inn, out var byInn)) found = Of(byInn);
        else if (inn is not null && _c.CompaniesByInn.TryGetValue(inn, out var held)) found = RecordRef.Held(held);
        else if (_byName.TryGetValue(name, out var keys) && keys.Count == 1) found = Of(keys[0]);
        else if (_c.CompaniesByName.TryGetValue(name, out var named)) found = RecordRef.Held(named);
        else if (_makeCompanies)
        {
            var made = Made + name;
            var company = new CompanyRow(row, made, key.Trim(), null, null, null, owner, null, null, null, null, [], null);
            _plan.Companies.Add((company, null));
            Index((company, null));
            found = RecordRef.New(made);
        }
        if (found is null) _plan.Errors.Add(new ImportError(table, row, "company", key, UnknownCompany));
        return found is not null;
    }

    public bool Contact(string? key, RecordRef? company, string table, int row, int owner, out RecordRef? found)
    {
        found = null;
        if (key is null) return true;
        if (_contacts.TryGetValue(key, out var own)) found = own is int held ? RecordRef.Held(held) : RecordRef.New(key);
        else if (_c.ContactId(key) is int id) found = RecordRef.Held(id);
        else if (_makeContacts)
        {
            var name = key.Trim().ToLowerInvariant();
            if (company?.Id is int companyId && _c.ContactsByCompanyAndName.TryGetValue($"{companyId}{Made}{name}", out var named))
                found = RecordRef.Held(named);
            else
            {
                var made = $"{Made}{company?.Id?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? company?.Key}{Made}{name}";
                if (!_contacts.ContainsKey(made))
                {
                    _plan.Contacts.Add((new ContactRow(row, made, null, key.Trim(), null, [], [], owner, [], null), company));
                    _contacts[made] = null;
                }
                found = RecordRef.New(made);
            }
        }
        if (found is null) _plan.Errors.Add(new ImportError(table, row, "contact", key, UnknownContact));
        return found is not null;
    }
}
