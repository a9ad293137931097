using System.Text;
using System.Text.Json;
using System.Xml;
using Microsoft.AspNetCore.Http;

namespace OrderSaga.Local.Sqs;

/// <summary>Reads SQS requests and writes responses and errors in the query (XML) and JSON wire protocols.</summary>
internal static class SqsProtocols
{
    private const string XmlNamespace = "http://queue.amazonaws.com/doc/2012-11-05/";

    public static SqsRequest ReadQuery(IFormCollection form, string? pathQueueUrl)
    {
        var values = form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        if (!values.ContainsKey("QueueUrl") && pathQueueUrl is not null)
        {
            values["QueueUrl"] = pathQueueUrl;
        }

        var attributeNames = Numbered(values, "AttributeName").Concat(Numbered(values, "MessageSystemAttributeName")).ToList();
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; values.TryGetValue($"Attribute.{i}.Name", out var name); i++)
        {
            attributes[name] = values.GetValueOrDefault($"Attribute.{i}.Value") ?? string.Empty;
        }

        var action = values.GetValueOrDefault("Action") ?? throw SqsException.MissingParameter("Action");
        var entryPrefix = $"{action}RequestEntry";
        var entries = new List<SqsBatchEntry>();
        for (var i = 1; values.TryGetValue($"{entryPrefix}.{i}.Id", out var id); i++)
        {
            entries.Add(new SqsBatchEntry(id, values.GetValueOrDefault($"{entryPrefix}.{i}.ReceiptHandle"), values.GetValueOrDefault($"{entryPrefix}.{i}.MessageBody")));
        }

        return new SqsRequest(action, values, attributeNames, attributes, entries);
    }

    public static SqsRequest ReadJson(string action, JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw SqsException.InvalidParameter("The request body must be a JSON object.");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var attributeNames = new List<string>();
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        var entries = new List<SqsBatchEntry>();
        foreach (var member in body.EnumerateObject())
        {
            switch (member.Name)
            {
                case "AttributeNames" or "MessageSystemAttributeNames" when member.Value.ValueKind == JsonValueKind.Array:
                    attributeNames.AddRange(member.Value.EnumerateArray().Select(e => e.ToString()));
                    break;
                case "Attributes" when member.Value.ValueKind == JsonValueKind.Object:
                    foreach (var attribute in member.Value.EnumerateObject())
                    {
                        attributes[attribute.Name] = attribute.Value.ToString();
                    }

                    break;
                case "Entries" when member.Value.ValueKind == JsonValueKind.Array:
                    foreach (var entry in member.Value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object))
                    {
                        entries.Add(new SqsBatchEntry(
                            entry.TryGetProperty("Id", out var id) ? id.ToString() : string.Empty,
                            entry.TryGetProperty("ReceiptHandle", out var handle) ? handle.ToString() : null,
                            entry.TryGetProperty("MessageBody", out var messageBody) ? messageBody.ToString() : null));
                    }

                    break;
                case "QueueName" or "QueueUrl" or "MessageBody" or "ReceiptHandle" or "QueueNamePrefix" or "NextToken" when member.Value.ValueKind != JsonValueKind.String:
                    throw SqsException.InvalidParameter($"{member.Name} must be a string, not {member.Value.ValueKind}.");
                case var _ when member.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                    values[member.Name] = member.Value.ToString();
                    break;
                default:
                    break;
            }
        }

        return new SqsRequest(action, values, attributeNames, attributes, entries);
    }

    public static async Task WriteQueryAsync(HttpResponse response, string action, SqsResult result, string requestId)
    {
        var builder = new StringBuilder();
        using (var xml = XmlWriter.Create(builder, new XmlWriterSettings { OmitXmlDeclaration = false, Encoding = Encoding.UTF8 }))
        {
            xml.WriteStartElement($"{action}Response", XmlNamespace);
            if (result.Count > 0)
            {
                xml.WriteStartElement($"{action}Result");
                WriteXmlMembers(xml, action, result);
                xml.WriteEndElement();
            }

            xml.WriteStartElement("ResponseMetadata");
            xml.WriteElementString("RequestId", requestId);
            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        response.ContentType = "text/xml";
        await response.WriteAsync(builder.ToString().Replace("encoding=\"utf-16\"", "encoding=\"UTF-8\"", StringComparison.Ordinal));
    }

    public static async Task WriteJsonAsync(HttpResponse response, SqsResult result)
    {
        response.ContentType = "application/x-amz-json-1.0";
        await using var json = new Utf8JsonWriter(response.Body);
        WriteJsonValue(json, result);
        await json.FlushAsync();
    }

    public static async Task WriteQueryErrorAsync(HttpResponse response, SqsException error, string requestId)
    {
        response.StatusCode = error.SenderFault ? 400 : 500;
        response.ContentType = "text/xml";
        var builder = new StringBuilder();
        using (var xml = XmlWriter.Create(builder, new XmlWriterSettings { OmitXmlDeclaration = true }))
        {
            xml.WriteStartElement("ErrorResponse", XmlNamespace);
            xml.WriteStartElement("Error");
            xml.WriteElementString("Type", error.SenderFault ? "Sender" : "Receiver");
            xml.WriteElementString("Code", error.QueryCode);
            xml.WriteElementString("Message", error.Message);
            xml.WriteElementString("Detail", string.Empty);
            xml.WriteEndElement();
            xml.WriteElementString("RequestId", requestId);
            xml.WriteEndElement();
        }

        await response.WriteAsync(builder.ToString());
    }

    public static async Task WriteJsonErrorAsync(HttpResponse response, SqsException error)
    {
        response.StatusCode = error.SenderFault ? 400 : 500;
        response.ContentType = "application/x-amz-json-1.0";
        // SDKs map the query-compatible code from this header onto the same exception types as the query protocol.
        response.Headers["x-amzn-query-error"] = $"{error.QueryCode};{(error.SenderFault ? "Sender" : "Receiver")}";
        await using var json = new Utf8JsonWriter(response.Body);
        json.WriteStartObject();
        json.WriteString("__type", $"com.amazonaws.sqs#{error.JsonType}");
        json.WriteString("message", error.Message);
        json.WriteEndObject();
        await json.FlushAsync();
    }

    private static IEnumerable<string> Numbered(Dictionary<string, string> values, string prefix)
    {
        for (var i = 1; values.TryGetValue($"{prefix}.{i}", out var value); i++)
        {
            yield return value;
        }
    }

    private static void WriteXmlMembers(XmlWriter xml, string action, SqsResult result)
    {
        foreach (var (key, value) in result)
        {
            switch (value)
            {
                case string text:
                    xml.WriteElementString(key, text);
                    break;
                case bool flag:
                    xml.WriteElementString(key, flag ? "true" : "false");
                    break;
                case IReadOnlyDictionary<string, string> or Dictionary<string, string>:
                    foreach (var (name, attributeValue) in (IEnumerable<KeyValuePair<string, string>>)value)
                    {
                        xml.WriteStartElement("Attribute");
                        xml.WriteElementString("Name", name);
                        xml.WriteElementString("Value", attributeValue);
                        xml.WriteEndElement();
                    }

                    break;
                case List<string> strings:
                    foreach (var item in strings)
                    {
                        xml.WriteElementString(key.TrimEnd('s'), item);
                    }

                    break;
                case List<SqsResult> items:
                    var element = key switch
                    {
                        "Messages" => "Message",
                        "Successful" => $"{action}ResultEntry",
                        "Failed" => "BatchResultErrorEntry",
                        _ => key,
                    };
                    foreach (var item in items)
                    {
                        xml.WriteStartElement(element);
                        WriteXmlMembers(xml, action, item);
                        xml.WriteEndElement();
                    }

                    break;
                default:
                    throw new InvalidOperationException($"Cannot write {value.GetType().Name} as XML");
            }
        }
    }

    private static void WriteJsonValue(Utf8JsonWriter json, object value)
    {
        switch (value)
        {
            case string text:
                json.WriteStringValue(text);
                break;
            case bool flag:
                json.WriteBooleanValue(flag);
                break;
            case SqsResult nested:
                json.WriteStartObject();
                foreach (var (key, member) in nested)
                {
                    json.WritePropertyName(key);
                    WriteJsonValue(json, member);
                }

                json.WriteEndObject();
                break;
            case IEnumerable<KeyValuePair<string, string>> map:
                json.WriteStartObject();
                foreach (var (key, member) in map)
                {
                    json.WriteString(key, member);
                }

                json.WriteEndObject();
                break;
            case List<string> strings:
                json.WriteStartArray();
                strings.ForEach(json.WriteStringValue);
                json.WriteEndArray();
                break;
            case List<SqsResult> items:
                json.WriteStartArray();
                items.ForEach(item => WriteJsonValue(json, item));
                json.WriteEndArray();
                break;
            default:
                throw new InvalidOperationException($"Cannot write {value.GetType().Name} as JSON");
        }
    }
}
