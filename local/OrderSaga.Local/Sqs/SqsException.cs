namespace OrderSaga.Local.Sqs;

/// <summary>An SQS API error: <see cref="QueryCode"/> is the query-protocol code, <see cref="JsonType"/> the JSON-protocol shape name.</summary>
internal sealed class SqsException(string queryCode, string jsonType, string message, bool senderFault = true) : Exception(message)
{
    public string QueryCode { get; } = queryCode;

    public string JsonType { get; } = jsonType;

    public bool SenderFault { get; } = senderFault;

    public static SqsException NonExistentQueue() =>
        new("AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist", "The specified queue does not exist.");

    public static SqsException InvalidParameter(string message) =>
        new("InvalidParameterValue", "InvalidParameterValue", message);

    public static SqsException MissingParameter(string name) =>
        new("MissingParameter", "MissingRequiredParameterException", $"The request must contain the parameter {name}.");

    public static SqsException ReceiptHandleIsInvalid(string handle) =>
        new("ReceiptHandleIsInvalid", "ReceiptHandleIsInvalid", $"The input receipt handle \"{handle}\" is not a valid receipt handle.");

    public static SqsException InvalidAction(string action) =>
        new("InvalidAction", "InvalidAction", $"The action {action} is not valid for this endpoint.");
}
