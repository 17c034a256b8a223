namespace Credentials.IntegrationTests.Csca;

/// <summary>Small conveniences for building request variants in tests.</summary>
internal static class MessageExtensions
{
    /// <summary>Applies <paramref name="change"/> to <paramref name="message"/> and returns it.</summary>
    public static T Apply<T>(this T message, Action<T> change)
    {
        change(message);
        return message;
    }
}
