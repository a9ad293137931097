using System.Text.Json;

namespace OrderSaga.Local.Analysis;

/// <summary>The optional <c>--compensations</c> file: a JSON object mapping each forward state to the state that undoes it.</summary>
public static class CompensationConfig
{
    public static IReadOnlyDictionary<string, string> Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new AnalysisException($"The compensations file '{path}' does not exist.");
        }

        try
        {
            var map = JsonSerializer.Deserialize(File.ReadAllText(path), AnalysisJsonContext.Default.DictionaryStringString);
            return map ?? throw new AnalysisException($"{path}: expected an object such as {{\"ChargePayment\": \"RefundPayment\"}}, not null.");
        }
        catch (JsonException e)
        {
            throw new AnalysisException($"{path}: expected an object of state names to state names such as {{\"ChargePayment\": \"RefundPayment\"}} ({e.Message.Split('\n')[0]}).", e);
        }
    }
}
