// Contract versions by uid (key@version), without the stored document text. The properties are named, not
// `v {.*}`: that would read the document (the whole contract text) from the store only to drop it.
// Parameters: $uids
UNWIND $uids AS uid
MATCH (v:ContractVersion {uid: uid})
RETURN v {.uid, .key, .version, .title, .kind, .effective, .expires, .governingLaw, .jurisdiction, .currency,
          .monthlyFee, .contentHash, .provider, importedAt: toString(v.importedAt), document: null} AS version
