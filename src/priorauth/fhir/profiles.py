"""Canonical URLs and code systems of the Da Vinci guides (CRD 2.x, DTR 2.x), and our own."""

from __future__ import annotations

CRD = "http://hl7.org/fhir/us/davinci-crd"
DTR = "http://hl7.org/fhir/us/davinci-dtr"

COVERAGE_INFORMATION = f"{CRD}/StructureDefinition/ext-coverage-information"
CRD_TEMP_CODES = f"{CRD}/CodeSystem/temp"

DTR_STD_QUESTIONNAIRE = f"{DTR}/StructureDefinition/dtr-std-questionnaire"
DTR_ADAPTIVE_QUESTIONNAIRE = f"{DTR}/StructureDefinition/dtr-questionnaire-adapt"
DTR_QUESTIONNAIRE_RESPONSE = f"{DTR}/StructureDefinition/dtr-questionnaireresponse"
DTR_ADAPTIVE_RESPONSE = f"{DTR}/StructureDefinition/dtr-questionnaireresponse-adapt"
DTR_PACKAGE_BUNDLE = f"{DTR}/StructureDefinition/DTR-QPackageBundle"
INFORMATION_ORIGIN = f"{DTR}/StructureDefinition/information-origin"
QR_CONTEXT = f"{DTR}/StructureDefinition/qr-context"
INTENDED_USE = f"{DTR}/StructureDefinition/intendedUse"
SDC_ADAPTIVE = (
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-questionnaireAdaptive"
)
QUESTIONNAIRE_UNIT = "http://hl7.org/fhir/StructureDefinition/questionnaire-unit"
UCUM = "http://unitsofmeasure.org"

CPT = "http://www.ama-assn.org/go/cpt"
HCPCS = "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"

# Ours: the fact catalog's ids and the values of its enum and condition facts.
PRIORAUTH = "https://priorauth.dev/fhir"
FACTS = f"{PRIORAUTH}/CodeSystem/facts"
FACT_VALUES = f"{PRIORAUTH}/CodeSystem/fact-values"
CASE_IDENTIFIER = f"{PRIORAUTH}/identifier/case"
ASSERTION_IDENTIFIER = f"{PRIORAUTH}/identifier/coverage-assertion"

DURATION_UCUM = {"days": "d", "weeks": "wk", "months": "mo", "years": "a"}
