using Npgsql;
using Voronka.Core.Data;

namespace Voronka.Tests.Features.Common;

public class ConnectionDefaultsTests
{
    [Fact]
    public void A_postgres_connection_prepares_its_frequent_statements_and_skips_the_reset_unless_it_says_otherwise()
    {
        var plain = new NpgsqlConnectionStringBuilder(DatabaseSetup.WithPoolDefaults("Host=db;Username=v;Password=p;Database=v"));
        Assert.Equal(50, plain.MaxAutoPrepare);
        Assert.True(plain.NoResetOnClose);
        Assert.Equal("p", plain.Password);

        var own = new NpgsqlConnectionStringBuilder(
            DatabaseSetup.WithPoolDefaults("Host=db;Username=v;Password='a;b=c';Database=v;max auto prepare=0;NoResetOnClose=false"));
        Assert.Equal(0, own.MaxAutoPrepare);
        Assert.False(own.NoResetOnClose);
        Assert.Equal("a;b=c", own.Password);
    }
}
