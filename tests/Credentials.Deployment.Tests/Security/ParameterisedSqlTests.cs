using System.Text.RegularExpressions;

namespace Credentials.Deployment.Tests.Security;

/// <summary>
/// Issue 9, security checks: SQL is parameterised (STYLE.md rule 12). Every C# string literal in services/ and
/// shared/ that holds SQL may be interpolated or concatenated only with compile-time constants, with fragments chosen
/// between literals (<c>cond ? " FOR UPDATE" : string.Empty</c>), or with identifiers quoted by the one helper,
/// <c>SchemaName.Quote</c> (which validates the name and double-quotes it). Anything else is a finding, unless it
/// is in <see cref="Reviewed"/> with the reason it is safe.
/// </summary>
public sealed partial class ParameterisedSqlTests
{
    /// <summary>
    /// Dynamic fragments read and found safe, by "file: expression fragment". Each is built only from literals in code, but
    /// the scanner cannot prove it; the lead may refactor them into constants (listed in the issue 9 report).
    /// </summary>
    private static readonly IReadOnlyDictionary<string, string> Reviewed = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["services/Credentials.Csca/Infrastructure/CscaRepository.cs: string.Join(\" AND \", conditions)"] =
            "conditions holds only literal predicates (status filter cases, keyset paging); values go in parameters",
        ["services/Credentials.Dtc/Infrastructure/DtcRepository.cs: where"] =
            "private FindAsync's where argument is a literal predicate at each call site; the key goes in @key",
    };

    /// <summary>
    /// Real findings waiting for a fix in the owning service (this test's owner may not edit services/), by
    /// "file: exact expression". Listed so that CI stays green while they stay visible; the test fails when one is
    /// fixed and the entry is not removed.
    /// </summary>
    private static readonly IReadOnlyDictionary<string, string> KnownViolations = new Dictionary<string, string>(StringComparer.Ordinal)
    {
    };

    [Fact]
    public async Task SqlCommandTexts_UseParametersAndTheQuotingHelperOnly()
    {
        var files = await SourceFilesAsync();
        Assert.True(files.Count > 50, $"expected the services' and shared libraries' sources, found {files.Count}");
        var constants = files.SelectMany(f => ConstDeclaration().Matches(File.ReadAllText(f)).Select(m => m.Groups["name"].Value)).ToHashSet(StringComparer.Ordinal);
        var findings = new List<string>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        var sqlTexts = 0;
        foreach (var file in files)
        {
            var relative = Path.GetRelativePath(RepositoryPaths.Root, file).Replace('\\', '/');
            foreach (var finding in Analyse(File.ReadAllText(file), constants, ref sqlTexts))
            {
                var reviewed = Reviewed.Keys.FirstOrDefault(k =>
                    k.StartsWith(relative + ": ", StringComparison.Ordinal) && finding.Expression.Contains(k[(relative.Length + 2)..], StringComparison.Ordinal));
                if (reviewed is not null)
                {
                    used.Add(reviewed);
                    continue;
                }

                var known = $"{relative}: {finding.Expression}";
                if (KnownViolations.ContainsKey(known))
                {
                    used.Add(known);
                    continue;
                }

                findings.Add($"{relative}:{finding.Line}: SQL built with '{finding.Expression}'");
            }
        }

        Assert.True(sqlTexts > 50, $"expected many SQL command texts, found {sqlTexts}");
        Assert.True(findings.Count == 0, "SQL text built from non-constant values:\n" + string.Join('\n', findings));
        Assert.Equal(Reviewed.Keys.Concat(KnownViolations.Keys).Order(StringComparer.Ordinal), used.Order(StringComparer.Ordinal)); // no stale entries
    }

    [Fact]
    public void QuotingHelper_ValidatesThenQuotes()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "shared", "Credentials.Storage", "Migrations", "SchemaName.cs"));
        Assert.Contains("public static string Quote(string name)", text, StringComparison.Ordinal);
        Assert.Contains("Validate(name, nameof(name));", text, StringComparison.Ordinal);
        Assert.Contains("char.IsAsciiLetterLower", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("var sql = $\"SELECT * FROM t WHERE id = '{id}'\";", "id")]
    [InlineData("var sql = \"DELETE FROM t WHERE name = '\" + name + \"'\";", "name")]
    [InlineData("cmd.CommandText = $\"\"\"\n  UPDATE {table} SET x = 1\n  \"\"\";", "table")]
    [InlineData("var sql = \"SELECT a FROM t\" + (flag ? \" WHERE \" + filter : \"\");", "(flag ? \" WHERE \" + filter : \"\")")]
    [InlineData("var sql = $\"INSERT INTO t VALUES ({value.ToString()})\";", "value.ToString()")]
    public void Analyse_InjectableShapes_AreFindings(string code, string expression)
    {
        var count = 0;
        var findings = Analyse("class C { void M() { " + code + " } }", new HashSet<string>(StringComparer.Ordinal), ref count).ToList();
        Assert.Contains(findings, f => f.Expression == expression);
    }

    [Theory]
    [InlineData("private const string Cols = \"a, b\"; void M() { var sql = $\"SELECT {Cols} FROM t WHERE id = @id\"; }")]
    [InlineData("void M() { var t = SchemaName.Quote(_schema) + \".outbox\"; var sql = $\"SELECT id FROM {t} FOR UPDATE SKIP LOCKED\"; }")]
    [InlineData("void M() { var sql = $\"INSERT INTO {SchemaName.Quote(o.Schema)}.inbox VALUES (@a)\"; }")]
    [InlineData("void M(bool u) { var sql = \"SELECT a FROM t\" + (u ? \" FOR UPDATE\" : string.Empty); }")]
    [InlineData("void M(bool a) { var c = a ? \"activated_at\" : \"retired_at\"; var sql = $\"UPDATE k SET {c} = @now\"; }")]
    [InlineData("void M() { var sql = \"SELECT a \" + \"FROM t WHERE b = @b\"; }")]
    public void Analyse_ConstantsParametersAndQuotedIdentifiers_AreAccepted(string code)
    {
        var count = 0;
        var findings = Analyse("class C { " + code + " }", new HashSet<string>(StringComparer.Ordinal), ref count).ToList();
        Assert.Empty(findings);
        Assert.True(count > 0);
    }

    internal sealed record Finding(int Line, string Expression);

    internal static IEnumerable<Finding> Analyse(string source, IReadOnlySet<string> globalConstants, ref int sqlTexts)
    {
        var localConstants = ConstDeclaration().Matches(source).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);
        bool IsConstant(string name) => localConstants.Contains(name) || globalConstants.Contains(name.Split('.')[^1]);

        var literals = CSharpStringLiterals.Read(source);
        var results = new List<Finding>();
        var sqlIndexes = new HashSet<int>();
        for (var i = 0; i < literals.Count; i++)
        {
            if (Sql().IsMatch(literals[i].Body))
            {
                sqlIndexes.Add(i);
            }
        }

        // Literals joined by '+' to an SQL literal are part of the same command text.
        var grown = true;
        while (grown)
        {
            grown = false;
            foreach (var i in sqlIndexes.ToList())
            {
                foreach (var j in new[] { i - 1, i + 1 })
                {
                    if (j >= 0 && j < literals.Count && !sqlIndexes.Contains(j)
                        && Between(source, literals[Math.Min(i, j)], literals[Math.Max(i, j)]).Trim() == "+")
                    {
                        sqlIndexes.Add(j);
                        grown = true;
                    }
                }
            }
        }

        sqlTexts += sqlIndexes.Count;
        foreach (var i in sqlIndexes.Order())
        {
            var literal = literals[i];
            var line = source.AsSpan(0, literal.Start).Count('\n') + 1;
            foreach (var hole in literal.Holes)
            {
                var expression = hole.Split(':')[0].Split(',')[0].Trim(); // drop format and alignment
                if (!IsSafeValue(expression, source, IsConstant))
                {
                    results.Add(new Finding(line, expression));
                }
            }

            // Right operand of a '+' that follows the literal (a literal operand is checked as its own literal).
            var after = source[literal.End..].TrimStart();
            if (after.StartsWith('+'))
            {
                var operand = Operand(after[1..].TrimStart());
                if (!operand.StartsWith('"') && !operand.StartsWith("$\"", StringComparison.Ordinal) && !operand.StartsWith("@\"", StringComparison.Ordinal)
                    && !operand.StartsWith("$@", StringComparison.Ordinal) && !IsSafeValue(operand, source, IsConstant))
                {
                    results.Add(new Finding(line, operand));
                }
            }

            // Left operand of a '+' that precedes the literal.
            var before = source[..literal.Start].TrimEnd();
            if (before.EndsWith('+') && !before.EndsWith("++", StringComparison.Ordinal))
            {
                var left = before[..^1].TrimEnd();
                if (!left.EndsWith('"'))
                {
                    var identifier = TrailingIdentifier().Match(left).Value;
                    if (identifier.Length == 0 || !IsSafeValue(identifier, source, IsConstant))
                    {
                        results.Add(new Finding(line, identifier.Length == 0 ? left[^Math.Min(20, left.Length)..] : identifier));
                    }
                }
            }
        }

        return results;
    }

    /// <summary>True for constants, quoted identifiers, locals assigned only from those, and choices between literals.</summary>
    private static bool IsSafeValue(string expression, string source, Func<string, bool> isConstant)
    {
        var e = expression.Trim();
        while (e.StartsWith('(') && e.EndsWith(')') && Balanced(e[1..^1]))
        {
            e = e[1..^1].Trim();
        }

        if (e.Length == 0 || e == "string.Empty" || e == "\"\"")
        {
            return true;
        }

        if (QuoteCall().IsMatch(e))
        {
            return true;
        }

        if (StringLiteralOnly().IsMatch(e))
        {
            return true;
        }

        var question = TopLevelIndex(e, '?');
        if (question > 0)
        {
            var colon = TopLevelIndex(e[(question + 1)..], ':');
            if (colon < 0)
            {
                return false;
            }

            var whenTrue = e[(question + 1)..(question + 1 + colon)];
            var whenFalse = e[(question + 2 + colon)..];
            return IsSafeValue(whenTrue, source, isConstant) && IsSafeValue(whenFalse, source, isConstant);
        }

        if (!Identifier().IsMatch(e))
        {
            return false;
        }

        var name = e.StartsWith("this.", StringComparison.Ordinal) ? e[5..] : e;
        if (isConstant(name))
        {
            return true;
        }

        // A local or field: every assignment must be safe by the same rules (a quoted identifier plus literals, or a
        // choice between literals).
        var assignments = Regex.Matches(source, @"(?<![\w.])" + Regex.Escape(name) + @"\s*=(?![=>])\s*(?<rhs>[^;]+);");
        if (assignments.Count == 0)
        {
            return false;
        }

        foreach (Match assignment in assignments)
        {
            var rhs = assignment.Groups["rhs"].Value.Trim();
            var parts = SplitTopLevel(rhs, '+');
            if (!parts.All(p => IsSafeValue(p, string.Empty, isConstant)))
            {
                return false;
            }
        }

        return true;
    }

    private static string Operand(string text)
    {
        var depth = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                var literal = CSharpStringLiterals.Read(text[i..]).FirstOrDefault();
                if (literal is not null)
                {
                    i += literal.End - 1;
                    continue;
                }
            }

            depth += c is '(' or '[' or '{' ? 1 : c is ')' or ']' or '}' ? -1 : 0;
            if (depth < 0 || (depth == 0 && (c is ';' or ',' or '+')))
            {
                return text[..i].Trim();
            }
        }

        return text.Trim();
    }

    private static List<string> SplitTopLevel(string text, char separator)
    {
        var parts = new List<string>();
        var depth = 0;
        var inString = false;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"' && (i == 0 || text[i - 1] != '\\'))
            {
                inString = !inString;
            }

            if (inString)
            {
                continue;
            }

            depth += c is '(' or '[' ? 1 : c is ')' or ']' ? -1 : 0;
            if (depth == 0 && c == separator)
            {
                parts.Add(text[start..i]);
                start = i + 1;
            }
        }

        parts.Add(text[start..]);
        return parts;
    }

    private static int TopLevelIndex(string text, char wanted)
    {
        var depth = 0;
        var inString = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"' && (i == 0 || text[i - 1] != '\\'))
            {
                inString = !inString;
            }

            if (inString)
            {
                continue;
            }

            depth += c is '(' or '[' ? 1 : c is ')' or ']' ? -1 : 0;
            if (depth == 0 && c == wanted)
            {
                return i;
            }
        }

        return -1;
    }

    private static bool Balanced(string text)
    {
        var depth = 0;
        foreach (var c in text)
        {
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (depth < 0)
            {
                return false;
            }
        }

        return depth == 0;
    }

    private static string Between(string source, CSharpStringLiteral first, CSharpStringLiteral second) =>
        second.Start >= first.End ? source[first.End..second.Start] : string.Empty;

    /// <summary>The tracked C# files of services/ and shared/ (what a commit holds, not work in progress).</summary>
    private static async Task<List<string>> SourceFilesAsync()
    {
        var git = await ProcessRunner.RunAsync(
            "git", ["ls-files", "-z", "--", "services/*.cs", "shared/*.cs"], TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
        if (git is null || git.ExitCode != 0)
        {
            Assert.Skip("git is not available or the checkout is not a git work tree: " + git?.StandardError.Trim());
        }

        return git.StandardOutput.Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(f => Path.Combine(RepositoryPaths.Root, f))
            .Where(File.Exists)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Upper-case SQL statements and clauses (prose and log messages do not shout).</summary>
    [GeneratedRegex(@"\b(SELECT|INSERT INTO|UPDATE\s+\S+\s+SET|DELETE FROM|CREATE (TABLE|INDEX|UNIQUE INDEX|SCHEMA|ROLE|FUNCTION|TRIGGER|VIEW)|ALTER (TABLE|ROLE|SCHEMA)|DROP (TABLE|SCHEMA|ROLE|INDEX)|GRANT|REVOKE|LISTEN|NOTIFY|TRUNCATE|ON CONFLICT|WHERE|RETURNING|SET search_path)\b")]
    private static partial Regex Sql();

    [GeneratedRegex(@"\bconst\s+string\s+(?<name>[A-Za-z_][A-Za-z0-9_]*)\s*=")]
    private static partial Regex ConstDeclaration();

    [GeneratedRegex(@"^SchemaName\.Quote\([^()]*(\([^()]*\))?[^()]*\)$")]
    private static partial Regex QuoteCall();

    [GeneratedRegex(@"^@?""([^""\\]|\\.|"""")*""$")]
    private static partial Regex StringLiteralOnly();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"[A-Za-z_][A-Za-z0-9_.]*$")]
    private static partial Regex TrailingIdentifier();
}
