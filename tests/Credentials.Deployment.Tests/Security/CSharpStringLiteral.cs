namespace Credentials.Deployment.Tests.Security;

/// <summary>One C# string literal found by <see cref="CSharpStringLiterals"/>: its span, body and interpolation holes.</summary>
internal sealed record CSharpStringLiteral(int Start, int End, string Body, bool Interpolated, IReadOnlyList<string> Holes);
