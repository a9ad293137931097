using OrderSaga.Local.Sqs;

namespace OrderSaga.Local.Storage;

/// <summary>A queue message as the database kept it, in the order it was first sent.</summary>
internal sealed record StoredMessage(string Queue, SqsMessage Message);
