using System.Text.Json;
using OrderSaga.Contracts;
using OrderSaga.Testing;

namespace OrderSaga.Payment.Tests;

/// <summary>The public constructor Lambda calls: configuration from the environment, as the stack and the local cloud set it.</summary>
[Collection(DynaliteCollectionDefinition.Name)]
public sealed class PaymentCompositionRootTests(DynaliteFixture dynalite)
{
    [Fact]
    public async Task Function_LocalEndpointAndTableInEnvironment_ChargesThroughTheSimulator()
    {
        var table = await dynalite.CreatePaymentsTableAsync();
        const string charge = """{"action":"charge","orderId":"ORD-1","amount":25,"currency":"USD","payment":{"method":"card","token":"tok_visa"}}""";

        string answer;
        using (EnvironmentScope.ForLocalEndpoint(dynalite, EnvironmentVariables.PaymentsTable, table))
        {
            answer = await JsonStreams.ReadAllAsync(await new Function().HandleAsync(JsonStreams.From(charge)));
        }

        var response = JsonSerializer.Deserialize(answer, ContractsJsonContext.Default.PaymentResponse);
        Assert.Equal(new PaymentResponse("ORD-1", PaymentStatus.Charged, 25m, "USD", "sim_ch_ORD-1", null), response);
        Assert.Single(await dynalite.ScanAllAsync(table));
    }

    [Fact]
    public void Function_TableNotInEnvironment_FailsNamingTheVariable()
    {
        using var scope = new EnvironmentScope(new Dictionary<string, string?> { [EnvironmentVariables.PaymentsTable] = null });

        var error = Assert.Throws<InvalidOperationException>(() => new Function());

        Assert.Contains(EnvironmentVariables.PaymentsTable, error.Message, StringComparison.Ordinal);
    }
}
