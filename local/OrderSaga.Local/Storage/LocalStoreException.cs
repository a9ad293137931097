namespace OrderSaga.Local.Storage;

/// <summary>The data directory's database cannot be used: it names the file and says why.</summary>
internal sealed class LocalStoreException(string message, Exception? inner = null) : Exception(message, inner);
