namespace OrderSaga.Local.Events;

/// <summary>One entry of PutEvents' answer: an EventId, or the entry's ErrorCode and ErrorMessage.</summary>
public sealed record PutEventsResultEntry(string? EventId, string? ErrorCode = null, string? ErrorMessage = null);
