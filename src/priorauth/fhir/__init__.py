"""FHIR R4 interfaces over the engine and the case store (HL7 Da Vinci): Prior Authorization Support
2.2.1 (`Claim/$submit`, `Claim/$inquire`), Coverage Requirements Discovery (CDS Hooks) and
Documentation Templates and Rules (questionnaires).

The models are fhir.resources' `R4B` package. PAS 2.2.1 is an R4 (4.0.1) guide; fhir.resources 8
defaults to R5 and ships no R4 package, and R4B (4.3) is R4 with backward-compatible changes only for
every resource used here (Bundle, Claim, ClaimResponse, Task, OperationOutcome, Patient, Coverage,
Organization, Practitioner, Condition, ServiceRequest, DocumentReference), so R4B parses R4 instances
and what it builds is valid R4."""

from priorauth.fhir.outcome import FhirError

__all__ = ["FhirError"]
