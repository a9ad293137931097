namespace OrderSaga.Local.Templates;

internal sealed record QueueRedrivePolicy(string DeadLetterTargetArn, int MaxReceiveCount);
