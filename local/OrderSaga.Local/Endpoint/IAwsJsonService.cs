using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrderSaga.Local.Endpoint;

/// <summary>
/// One AWS service spoken with the JSON protocol: requests are POSTs whose <c>X-Amz-Target</c> header is
/// <c>{TargetPrefix}.{Operation}</c>. Implementations return the response body or throw <see cref="AwsJsonError"/>.
/// </summary>
internal interface IAwsJsonService
{
    string TargetPrefix { get; }

    string ContentType { get; }

    Task<JsonNode?> HandleAsync(string operation, JsonElement request, CancellationToken cancellationToken);
}
