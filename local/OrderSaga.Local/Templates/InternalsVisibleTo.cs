using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("OrderSaga.Local.Tests")]
