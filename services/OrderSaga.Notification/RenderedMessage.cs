namespace OrderSaga.Notification;

/// <summary>An e-mail ready for the outbox.</summary>
internal sealed record RenderedMessage(string Recipient, string Subject, string Body);
