"""FHIR R4 interoperability (HL7 Da Vinci): CRD coverage information, DTR questionnaires, PAS."""
