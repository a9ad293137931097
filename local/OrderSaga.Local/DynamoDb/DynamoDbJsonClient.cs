using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using OrderSaga.Local.Templates;

namespace OrderSaga.Local.DynamoDb;

/// <summary>
/// A small DynamoDB client speaking the raw JSON protocol: enough for the local cloud to create tables and seed
/// items. dynalite checks that requests carry a SigV4-shaped Authorization header, not the signature.
/// </summary>
internal sealed class DynamoDbJsonClient : IDisposable
{
    private const string Authorization =
        "AWS4-HMAC-SHA256 Credential=local/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=0000000000000000000000000000000000000000000000000000000000000000";

    private readonly HttpClient _http;

    public DynamoDbJsonClient(Uri endpoint)
    {
        _http = new HttpClient { BaseAddress = endpoint, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task<JsonObject> SendAsync(string operation, JsonObject request, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "/");
        message.Headers.TryAddWithoutValidation("X-Amz-Target", "DynamoDB_20120810." + operation);
        message.Headers.TryAddWithoutValidation("X-Amz-Date", "20200101T000000Z");
        message.Headers.TryAddWithoutValidation("Authorization", Authorization);
        message.Content = new StringContent(request.ToJsonString(), Encoding.UTF8);
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.0");
        using var response = await _http.SendAsync(message, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var body = string.IsNullOrWhiteSpace(text) ? [] : JsonNode.Parse(text) as JsonObject ?? [];
        if (!response.IsSuccessStatusCode)
        {
            var type = body["__type"]?.GetValue<string>() ?? $"Http{(int)response.StatusCode}";
            var shortType = type[(type.LastIndexOf('#') + 1)..];
            var error = (body["message"] ?? body["Message"])?.GetValue<string>() ?? text;
            throw new DynamoDbException(shortType, $"{operation} failed: {error}");
        }

        return body;
    }

    public async Task<IReadOnlyList<string>> ListTablesAsync(CancellationToken cancellationToken)
    {
        var response = await SendAsync("ListTables", [], cancellationToken);
        return response["TableNames"]?.AsArray().Select(n => n!.GetValue<string>()).ToList() ?? [];
    }

    /// <summary>
    /// Creates the table unless one of that name already exists (a data directory kept from an earlier run), and
    /// returns once it is ACTIVE: even with --createTableMs 0, dynalite finishes creating on a later tick. True when it was created.
    /// </summary>
    public async Task<bool> CreateTableAsync(TableResource table, CancellationToken cancellationToken)
    {
        bool created;
        try
        {
            await SendAsync("CreateTable", CreateTableRequest.For(table), cancellationToken);
            created = true;
        }
        catch (DynamoDbException ex) when (ex.ErrorType == "ResourceInUseException")
        {
            created = false;
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            var description = await SendAsync("DescribeTable", new JsonObject { ["TableName"] = table.Name }, limit.Token);
            if (description["Table"]?["TableStatus"]?.GetValue<string>() == "ACTIVE")
            {
                return created;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10), limit.Token);
        }
    }

    /// <summary>Creates every table of the stack that does not exist yet; returns the names of those it created.</summary>
    public async Task<IReadOnlyList<string>> CreateTablesAsync(IEnumerable<TableResource> tables, CancellationToken cancellationToken)
    {
        var created = new List<string>();
        foreach (var table in tables)
        {
            if (await CreateTableAsync(table, cancellationToken))
            {
                created.Add(table.Name);
            }
        }

        return created;
    }

    public Task PutItemAsync(string tableName, JsonObject item, CancellationToken cancellationToken) =>
        SendAsync("PutItem", new JsonObject { ["TableName"] = tableName, ["Item"] = item }, cancellationToken);

    public async Task<JsonObject?> GetItemAsync(string tableName, JsonObject key, CancellationToken cancellationToken)
    {
        var response = await SendAsync("GetItem", new JsonObject { ["TableName"] = tableName, ["Key"] = key, ["ConsistentRead"] = true }, cancellationToken);
        return response["Item"] as JsonObject;
    }

    public void Dispose() => _http.Dispose();
}
