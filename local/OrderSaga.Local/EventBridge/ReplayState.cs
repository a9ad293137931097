namespace OrderSaga.Local.EventBridge;

internal enum ReplayState
{
    Starting,
    Running,
    Cancelling,
    Completed,
    Cancelled,
    Failed,
}
