using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrderSaga.Local.Cli;

/// <summary><c>publish</c>: put an "Order Created" event on the bus of a running local cloud, as the order service would.</summary>
internal static class PublishCommand
{
    public static Command Create()
    {
        var endpoint = EndpointClient.CreateOption();
        var file = new Option<FileInfo?>("--file") { Description = "A JSON file: the event detail (the order), or PutEvents entries like samples/order-created.json." };
        var orderId = new Option<string?>("--order-id") { Description = "The order id (default: a new ORD-… id)." };
        var customerId = new Option<string>("--customer-id") { Description = "The customer.", DefaultValueFactory = _ => "CUST-42" };
        var email = new Option<string>("--email") { Description = "Where the confirmation goes.", DefaultValueFactory = _ => "ada@example.com" };
        var sku = new Option<string>("--sku") { Description = "The SKU ordered (seeded: SKU-RED-MUG, SKU-BLUE-MUG, SKU-TEAPOT, SKU-LAST-FIVE, SKU-SOLD-OUT).", DefaultValueFactory = _ => "SKU-RED-MUG" };
        var quantity = new Option<int>("--quantity") { Description = "How many.", DefaultValueFactory = _ => 1 };
        var unitPrice = new Option<decimal>("--unit-price") { Description = "Price of one; totalAmount is quantity × unit price.", DefaultValueFactory = _ => 12.50m };
        var token = new Option<string>("--token") { Description = "Payment token: tok_visa (charged), tok_chargeDeclined (declined), tok_flaky (fails twice, then charged).", DefaultValueFactory = _ => "tok_visa" };
        var currency = new Option<string>("--currency") { Description = "ISO currency code.", DefaultValueFactory = _ => "USD" };
        var bus = new Option<string>("--bus") { Description = "The event bus.", DefaultValueFactory = _ => OrderEvents.DefaultBus };
        Option[] orderOptions = [orderId, customerId, email, sku, quantity, unitPrice, token, currency];

        var command = new Command("publish", "Send an \"Order Created\" event to a running local cloud (EventBridge PutEvents).");
        command.Options.Add(endpoint);
        command.Options.Add(file);
        foreach (var option in orderOptions)
        {
            command.Options.Add(option);
        }

        command.Options.Add(bus);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            if (EndpointClient.ParseEndpoint(r.GetValue(endpoint), out var endpointError) is not { } uri)
            {
                return await FailAsync(endpointError!);
            }

            JsonArray entries;
            if (r.GetValue(file) is { } input)
            {
                if (orderOptions.FirstOrDefault(o => r.GetResult(o) is { Implicit: false }) is { } clash)
                {
                    return await FailAsync($"{clash.Name} cannot be combined with --file: the file says what the order is.");
                }

                try
                {
                    entries = await ReadEntriesAsync(input, r.GetValue(bus)!, ct);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or InvalidDataException)
                {
                    return await FailAsync(ex.Message);
                }
            }
            else
            {
                var detail = OrderEvents.Detail(
                    r.GetValue(orderId) ?? $"ORD-{Guid.NewGuid().ToString("N")[..8].ToUpperInvariant()}",
                    r.GetValue(customerId)!,
                    r.GetValue(email)!,
                    r.GetValue(sku)!,
                    r.GetValue(quantity),
                    r.GetValue(unitPrice),
                    r.GetValue(token)!,
                    r.GetValue(currency)!);
                entries = [OrderEvents.Entry(detail, r.GetValue(bus)!)];
            }

            using var client = new EndpointClient(uri);
            JsonObject response;
            try
            {
                response = await client.EventBridgeAsync("PutEvents", new JsonObject { ["Entries"] = entries }, ct);
            }
            catch (EndpointException ex)
            {
                return await FailAsync(ex.Message);
            }

            var results = response["Entries"] as JsonArray ?? [];
            for (var i = 0; i < entries.Count; i++)
            {
                var label = Label(entries[i] as JsonObject, i);
                var result = i < results.Count ? results[i] as JsonObject : null;
                if (result?["EventId"] is { } eventId)
                {
                    Console.WriteLine($"{label}: sent to bus {entries[i]?["EventBusName"]}, EventId {eventId}");
                }
                else
                {
                    await Console.Error.WriteLineAsync($"{label}: rejected: {result?["ErrorCode"]}: {result?["ErrorMessage"]}");
                }
            }

            var failed = response["FailedEntryCount"]?.GetValue<int>() ?? 0;
            return failed == 0 ? 0 : 1;
        });
        return command;
    }

    /// <summary>A detail object, a PutEvents request (<c>{"Entries": [...]}</c>) or its entries array.</summary>
    private static async Task<JsonArray> ReadEntriesAsync(FileInfo file, string bus, CancellationToken ct)
    {
        if (!file.Exists)
        {
            throw new InvalidDataException($"the file '{file.FullName}' does not exist.");
        }

        JsonNode? json;
        try
        {
            json = JsonNode.Parse(await File.ReadAllTextAsync(file.FullName, ct));
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{file.FullName} is not valid JSON: {ex.Message}", ex);
        }

        var entries = json switch
        {
            JsonArray array => array,
            JsonObject request when request["Entries"] is JsonArray array => array,
            JsonObject detail => [OrderEvents.Entry((JsonObject)detail.DeepClone(), bus)],
            _ => throw new InvalidDataException($"{file.FullName}: expected an order (a JSON object) or PutEvents entries (a JSON array), not {json?.GetValueKind().ToString() ?? "null"}."),
        };
        var copy = new JsonArray();
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i] is not JsonObject entry)
            {
                throw new InvalidDataException($"{file.FullName}: entry [{i}] is not a JSON object.");
            }

            var clone = (JsonObject)entry.DeepClone();
            clone["EventBusName"] ??= bus;

            // A hand-written file may hold the detail as an object; the API takes it as a string of JSON.
            if (clone["Detail"] is JsonObject detailObject)
            {
                clone["Detail"] = detailObject.ToJsonString();
            }

            copy.Add(clone);
        }

        return copy;
    }

    private static string Label(JsonObject? entry, int index)
    {
        try
        {
            if (entry?["Detail"] is JsonValue text && text.TryGetValue<string>(out var detail) && JsonNode.Parse(detail) is JsonObject parsed
                && parsed["orderId"] is JsonValue id && id.TryGetValue<string>(out var orderId))
            {
                return orderId;
            }
        }
        catch (JsonException)
        {
            // The endpoint reports a malformed Detail itself; the label just falls back to the entry's position.
        }

        return string.Create(CultureInfo.InvariantCulture, $"entry [{index}] (no orderId)");
    }

    private static async Task<int> FailAsync(string message)
    {
        await Console.Error.WriteLineAsync($"publish: {message}");
        return 1;
    }
}
