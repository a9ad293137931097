using System.Text.Json.Nodes;

namespace OrderSaga.Local.Cli;

/// <summary>The peer benchmark's scenario mix and inputs (peer-bench.mjs <c>scenarioFor</c>, <c>inputFor</c>), to the letter.</summary>
internal static class BenchScenarios
{
    public const string Happy = "happy";
    public const string Transient = "transient";
    public const string DeclinedError = "declined-error";
    public const string DeclinedStatus = "declined-status";

    public static readonly string[] All = [Happy, Transient, DeclinedError, DeclinedStatus];

    public static bool ExpectSuccess(string scenario) => scenario is Happy or Transient;

    /// <summary>mixed: of every 20 executions, 16 happy, 2 a retried payment, 1 a caught decline, 1 a Choice into compensation.</summary>
    public static string For(int i, bool happyOnly)
    {
        if (happyOnly)
        {
            return Happy;
        }

        var k = i % 20;
        return k < 16 ? Happy : k < 18 ? Transient : k == 18 ? DeclinedError : DeclinedStatus;
    }

    public static JsonObject Input(int i, string scenario) => new()
    {
        ["orderId"] = "o-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["customerId"] = "c-" + (i % 97).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["items"] = new JsonArray(
            new JsonObject { ["sku"] = "SKU-1", ["qty"] = 1 },
            new JsonObject { ["sku"] = "SKU-2", ["qty"] = 2 }),
        ["amount"] = 42.5,
        ["currency"] = "EUR",
        ["scenario"] = scenario,
    };

    /// <summary>Average transitions per execution of the mix, given each scenario's count (as the peer weights them).</summary>
    public static double MixWeight(string scenario, bool happyOnly) =>
        happyOnly ? (scenario == Happy ? 1 : 0) : scenario switch { Happy => 16 / 20.0, Transient => 2 / 20.0, _ => 1 / 20.0 };
}
