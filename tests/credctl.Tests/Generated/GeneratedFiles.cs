using Credentials.Icao9303.Tests.PassiveAuthentication;

namespace credctl.Tests.Generated;

/// <summary>
/// Files for credctl to read, made at test time in a fresh temporary folder: a passport (<see cref="TestPassport"/>:
/// EF.SOD, DG1, DG2, CSCA), CRLs, and CSCA Master Lists (<see cref="Credentials.Icao9303.Tests.Pkd.TestMasterList"/>).
/// Nothing from the real-world corpus.
/// </summary>
internal sealed class GeneratedFiles : IDisposable
{
    private GeneratedFiles(string directory) => Directory = directory;

    public string Directory { get; }

    public static GeneratedFiles Create() => new(System.IO.Directory.CreateTempSubdirectory("credctl-generated-").FullName);

    public string Write(string name, byte[] content)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    /// <summary>Writes EF.SOD.bin, EF.DG1.bin, EF.DG2.bin and CSCA.cer of <paramref name="passport"/> (prefixed).</summary>
    public (string Sod, string Dg1, string Dg2, string Csca) WritePassport(TestPassport passport, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(passport);
        return (Write(prefix + "EF.SOD.bin", passport.Sod), Write(prefix + "EF.DG1.bin", passport.DataGroups[1].ToArray()),
            Write(prefix + "EF.DG2.bin", passport.DataGroups[2].ToArray()), Write(prefix + "CSCA.cer", passport.Csca));
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }
}
