using System.Globalization;
using System.Text;

namespace OrderSaga.Local.TestHandlers;

/// <summary>Handlers with every behaviour the Lambda host must deal with: answers, errors, hangs, exits.</summary>
public sealed class Functions
{
    private int _invocations;

    public Stream Echo(Stream input)
    {
        var copy = new MemoryStream();
        input.CopyTo(copy);
        copy.Position = 0;
        return copy;
    }

    public async Task<Stream> EchoAsync(Stream input)
    {
        var copy = new MemoryStream();
        await input.CopyToAsync(copy);
        copy.Position = 0;
        return copy;
    }

    public static Stream StaticEcho(Stream input) => new Functions().Echo(input);

    public void Ignore(Stream input) => input.CopyTo(Stream.Null);

    public Task IgnoreAsync(Stream input) => input.CopyToAsync(Stream.Null);

    /// <summary>Returns how many invocations this instance has handled, which shows the instance is built once per process.</summary>
    public Stream Count(Stream input)
    {
        _invocations++;
        return Text($"{{\"invocations\":{_invocations},\"pid\":{Environment.ProcessId}}}");
    }

    /// <summary>Returns the environment variables named in the input (one name per line) as a JSON object.</summary>
    public Stream ReadEnvironment(Stream input)
    {
        using var reader = new StreamReader(input);
        var names = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var pairs = names.Select(n => $"\"{n}\":{Quote(Environment.GetEnvironmentVariable(n))}");
        return Text("{" + string.Join(",", pairs) + "}");
    }

    public Stream Throw(Stream input)
    {
        using var reader = new StreamReader(input);
        throw new OrderRejectedException("rejected: " + reader.ReadToEnd());
    }

    public async Task<Stream> ThrowAsync(Stream input)
    {
        await Task.Yield();
        throw new InvalidOperationException("async failure");
    }

    public Stream Hang(Stream input)
    {
        Thread.Sleep(Timeout.Infinite);
        return input;
    }

    public Stream Exit(Stream input)
    {
        Environment.Exit(3);
        return input;
    }

    /// <summary>
    /// Registers this process in the folder named by the input, then waits until the number of processes given on the
    /// input's second line have registered: it only returns when that many invocations run at the same time.
    /// </summary>
    public Stream Rendezvous(Stream input)
    {
        using var reader = new StreamReader(input);
        var lines = reader.ReadToEnd().Split('\n', StringSplitOptions.TrimEntries);
        var folder = lines[0];
        var expected = int.Parse(lines[1], CultureInfo.InvariantCulture);
        File.WriteAllText(Path.Combine(folder, Environment.ProcessId.ToString(CultureInfo.InvariantCulture)), string.Empty);
        var limit = DateTime.UtcNow.AddSeconds(60);
        while (Directory.GetFiles(folder).Length < expected && DateTime.UtcNow < limit)
        {
            Thread.Sleep(20);
        }

        return Text(Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
    }

    public Stream WrongSignature(string input) => Text(input);

    /// <summary>Uses a class from a package in the asset folder and says where its assembly was loaded from.</summary>
    public Stream UseDependency(Stream input)
    {
        var region = Amazon.RegionEndpoint.GetBySystemName(Environment.GetEnvironmentVariable("AWS_REGION") ?? "us-east-1");
        return Text($"{{\"region\":\"{region.SystemName}\",\"from\":{Quote(typeof(Amazon.RegionEndpoint).Assembly.Location)}}}");
    }

    private static MemoryStream Text(string text) => new(Encoding.UTF8.GetBytes(text));

    private static string Quote(string? value) => value is null ? "null" : "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
