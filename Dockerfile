# The API image used by docker-compose.yml (production: Neo4j 5 beside it).
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY innograph ./innograph
COPY graph ./graph
COPY extract ./extract
COPY api ./api
COPY cypher ./cypher
RUN pip install --no-cache-dir .
ENV INNOGRAPH_DATA_DIR=/data
EXPOSE 8000
CMD ["innograph", "serve", "--host", "0.0.0.0", "--port", "8000"]
