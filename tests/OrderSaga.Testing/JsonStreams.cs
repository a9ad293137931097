using System.Text;

namespace OrderSaga.Testing;

/// <summary>Builds handler input and reads handler output the way the Lambda runtime passes them: as streams of UTF-8 JSON.</summary>
public static class JsonStreams
{
    public static MemoryStream From(string json) => new(Encoding.UTF8.GetBytes(json));

    public static async Task<string> ReadAllAsync(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }
}
