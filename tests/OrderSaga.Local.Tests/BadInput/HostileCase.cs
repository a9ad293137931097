namespace OrderSaga.Local.Tests.BadInput;

/// <summary>One generated request body and a label that says how it was made, printed when it fails.</summary>
internal sealed record HostileCase(string Label, byte[] Body);
