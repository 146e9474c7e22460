// Every operation the explorer sends. Types come from schema.graphql through GraphQL Code Generator.
import { graphql } from "./gql";

export const ContractsQuery = graphql(`
  query ExplorerContracts($first: Int, $after: String, $filter: ContractFilter) {
    contracts(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          key
          version
          title
          kind
          jurisdiction
          currency
          monthlyFee
          effective
          expires
          provider {
            key
            name
          }
          parties {
            role
            party {
              key
              name
            }
          }
        }
      }
    }
  }
`);

export const ContractQuery = graphql(`
  query ExplorerContract($key: String!, $version: Int) {
    contract(key: $key, version: $version) {
      key
      version
      title
      kind
      effective
      expires
      governingLaw
      jurisdiction
      currency
      monthlyFee
      contentHash
      isLatest
      parties {
        role
        party {
          key
          name
        }
      }
      clauses {
        number
        heading
        kind
        topics
        text
      }
      calendars {
        key
        alwaysOpen
        timezone
        hours
        holidayCountry
        holidaySubdivision
        closedDates
      }
      severities {
        code
        name
        responseSeconds
        resolutionSeconds
        updateSeconds
        calendar {
          key
        }
        clause {
          number
        }
      }
      supportChannels {
        kind
        address
        severities
        calendar {
          key
          alwaysOpen
          timezone
          hours
          holidayCountry
          holidaySubdivision
          closedDates
        }
        clause {
          number
        }
      }
      escalationPath {
        clause {
          number
        }
        levels {
          level
          role {
            key
            name
            responsibilities
            party {
              key
              name
            }
          }
        }
        triggers {
          kind
          toLevel
          afterSeconds
          severities
          count
          windowSeconds
        }
      }
      creditTerms {
        clause {
          number
        }
        timezone
        capPercent
        claimWindowSeconds
        soleRemedy
        uptimeTarget
        rules {
          kind
          percent
          severities
        }
        uptimeTiers {
          below
          percent
        }
      }
      documentation {
        clause {
          number
        }
        reportDueSeconds
        severities
      }
      liability {
        clause {
          number
        }
        cap
        excludesConsequential
      }
      disputeResolution {
        clause {
          number
        }
        steps
        negotiationPeriodSeconds
        forum
      }
      versions {
        version
        effective
        monthlyFee
        contentHash
        clauses {
          number
          heading
          text
        }
        escalationPath {
          triggers {
            kind
            toLevel
            afterSeconds
            severities
            count
            windowSeconds
          }
        }
      }
      incidents(first: 50) {
        totalCount
        edges {
          node {
            key
            title
            reportedAt
            severity {
              code
            }
          }
        }
      }
    }
  }
`);

export const PeopleOfContractQuery = graphql(`
  query ExplorerRolePeople($key: String!) {
    contract(key: $key) {
      key
      incidents(first: 100) {
        edges {
          node {
            events {
              actor {
                key
                name
                role {
                  key
                }
              }
              assignee {
                key
                name
                role {
                  key
                }
              }
            }
          }
        }
      }
    }
  }
`);

export const IncidentsQuery = graphql(`
  query ExplorerIncidents($first: Int, $after: String, $filter: IncidentFilter) {
    incidents(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          key
          title
          service
          reportedAt
          serviceAffecting
          contract {
            key
          }
          severity {
            code
          }
          breaches {
            ref
          }
        }
      }
    }
  }
`);

export const IncidentQuery = graphql(`
  query ExplorerIncident($key: String!, $asOf: DateTime) {
    incident(key: $key) {
      key
      title
      service
      serviceAffecting
      channel
      reportedAt
      contract {
        key
        version
        title
        currency
      }
      severity(asOf: $asOf) {
        code
        name
        responseSeconds
        resolutionSeconds
        calendar {
          key
          alwaysOpen
          timezone
          hours
          closedDates
        }
      }
      level(at: $asOf)
      events {
        seq
        at
        kind
        level
        severity
        reason
        note
        hash
        prevHash
        actor {
          key
          name
        }
        assignee {
          key
          name
        }
      }
      sla(asOf: $asOf) {
        response {
          ...Clock
        }
        resolution {
          ...Clock
        }
      }
      escalations(asOf: $asOf) {
        trigger
        toLevel
        dueAt
        status
        reachedAt
        overBySeconds
        clock
      }
      breaches(asOf: $asOf) {
        ref
        kind
        dueAt
        overBySeconds
        severity
        trigger
        toLevel
        credit
        creditPercent
        clause {
          number
          heading
        }
        responsible {
          ...Holder
        }
      }
      verifyChain {
        ok
        eventCount
        headHash
        firstBrokenSeq
        reason
      }
    }
  }

  fragment Clock on SlaClock {
    status
    targetSeconds
    elapsedSeconds
    remainingSeconds
    overBySeconds
    dueAt
    stoppedAt
    breached
  }

  fragment Holder on Responsibility {
    at
    level
    role {
      key
      name
    }
    party {
      key
      name
    }
    person {
      key
      name
    }
  }
`);

export const HolderAtQuery = graphql(`
  query ExplorerHolderAt($key: String!, $at: DateTime!) {
    incident(key: $key) {
      key
      responsibleAt(at: $at) {
        ...Holder
      }
    }
  }
`);

export const LiabilityQuery = graphql(`
  query ExplorerLiability($key: String!, $asOf: DateTime) {
    incident(key: $key) {
      key
      title
      contract {
        key
        currency
      }
      liabilityChain(asOf: $asOf) {
        breach {
          ref
          kind
          dueAt
          overBySeconds
          severity
          credit
          creditPercent
        }
        clause {
          number
          heading
          text
        }
        obligor {
          key
          name
        }
        responsible {
          ...Holder
          role {
            responsibilities
          }
        }
        remedy {
          credit
          creditPercent
          creditsClause {
            number
          }
          creditCap
          capPercent
          soleRemedy
          liabilityClause {
            number
          }
          liabilityCap
          excludesConsequential
        }
        rankedPrecedents(first: 3) {
          sharedTopics
          sameCountry
          precedent {
            key
            caseName
            citation
            court
            year
            holding
          }
        }
      }
    }
    disputes(first: 100) {
      edges {
        node {
          key
          title
          incidents {
            key
          }
        }
      }
    }
  }
`);

export const DisputesQuery = graphql(`
  query ExplorerDisputes($first: Int, $after: String, $filter: DisputeFilter) {
    disputes(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          key
          title
          status
          amountClaimed
          currency
          openedAt
          contract {
            key
          }
          incidents {
            key
          }
        }
      }
    }
  }
`);

export const DisputeQuery = graphql(`
  query ExplorerDispute($key: String!) {
    dispute(key: $key) {
      key
      title
      forum
      amountClaimed
      currency
      status
      openedAt
      contract {
        key
        title
        disputeResolution {
          steps
        }
      }
      claimant {
        key
        name
      }
      respondent {
        key
        name
      }
      openedBy {
        key
        name
      }
      transitions {
        seq
        fromStatus
        toStatus
        at
        reason
        override
        by {
          key
          name
        }
      }
      incidents {
        key
        title
        severity {
          code
        }
        breaches {
          ref
          credit
        }
      }
      evidence {
        key
        kind
        label
        sha256
        size
        downloadUrl
        mediaType
        fileName
        ref
        addedAt
        addedBy {
          key
          name
        }
        custody {
          at
          action
          purpose
          person {
            key
            name
          }
        }
      }
      citations {
        note
        at
        precedent {
          key
          caseName
          citation
        }
      }
      bundles {
        version
        sha256
        sealedAt
        itemCount
        sealedBy {
          key
          name
        }
        exportUrls
        verify {
          ok
          tampered {
            kind
            path
            message
          }
          changedSinceSeal {
            kind
            path
            message
          }
        }
      }
    }
  }
`);

export const PrecedentsQuery = graphql(`
  query ExplorerPrecedents($first: Int, $after: String, $filter: PrecedentFilter) {
    precedents(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          key
          caseName
          citation
          court
          year
          jurisdiction
          topics
          holding
          cites {
            key
          }
        }
      }
    }
  }
`);

export const CreditReportQuery = graphql(`
  query ExplorerCreditReport($contractKey: String!, $month: String!) {
    creditReport(contractKey: $contractKey, month: $month) {
      month
      timezone
      downtimeSeconds
      uptimePercentExact
      totalBeforeCap
      cap
      total
      currency
      claimDeadline
      items {
        kind
        amount
        percent
        incidentKey
        tierBelow
        breach {
          ref
        }
      }
    }
  }
`);

export const SearchQuery = graphql(`
  query ExplorerSearch($text: String!) {
    search(text: $text, first: 30) {
      kind
      id
      key
      title
      snippet
      score
      contractKey
      clauseNumber
    }
  }
`);

export const SlaWarningsSubscription = graphql(`
  subscription ExplorerSlaWarnings($pollSeconds: Float!) {
    slaWarnings(pollSeconds: $pollSeconds) {
      clock
      thresholdPercent
      elapsedPercent
      dueAt
      remainingSeconds
      observedAt
      incident {
        key
        title
        contract {
          key
        }
      }
    }
  }
`);
