namespace OrderSaga.Local.Tests.Storage;

/// <summary>A data directory of its own for one test, removed afterwards.</summary>
internal sealed class TempDataDirectory : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ordersaga-store-" + Guid.NewGuid().ToString("N")[..12]);

    public string Database => System.IO.Path.Combine(Path, OrderSaga.Local.Storage.LocalStore.FileName);

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
